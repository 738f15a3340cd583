import 'reflect-metadata';
import { runService } from '@omni/bootstrap';
import { inventoryService } from './inventory.service-definition';

runService(inventoryService);
