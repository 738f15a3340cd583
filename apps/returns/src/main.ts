import 'reflect-metadata';
import { runService } from '@omni/bootstrap';
import { returnsService } from './returns.service-definition';

runService(returnsService);
