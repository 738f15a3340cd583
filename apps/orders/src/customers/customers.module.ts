import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { CustomerHistory } from './customer-history';
import { CustomersController } from './customers.controller';

@Module({ imports: [OrdersModule], controllers: [CustomersController], providers: [CustomerHistory] })
export class CustomersModule {}
