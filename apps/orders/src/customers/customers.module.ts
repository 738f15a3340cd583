import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { CustomersController } from './customers.controller';

@Module({ imports: [OrdersModule], controllers: [CustomersController] })
export class CustomersModule {}
