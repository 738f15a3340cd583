import 'reflect-metadata';
import { runService } from '@omni/bootstrap';
import { webhooksService } from './webhooks.service-definition';

runService(webhooksService);
