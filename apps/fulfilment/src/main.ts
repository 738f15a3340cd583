import 'reflect-metadata';
import { runService } from '@omni/bootstrap';
import { fulfilmentService } from './fulfilment.service-definition';

runService(fulfilmentService);
