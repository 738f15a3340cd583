import 'reflect-metadata';
import { runService } from '@omni/bootstrap';
import { ordersService } from './orders.service-definition';

runService(ordersService);
