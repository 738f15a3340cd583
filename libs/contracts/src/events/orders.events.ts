import { IsArray, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../event-definition';

// Events published by orders on omni.orders.v1, keyed by order id.

export class OrderCancelledV1 {
  @IsString() orderId: string;
  /** The cancelled lines; absent when the whole order is cancelled. */
  @IsOptional() @IsArray() @IsString({ each: true }) lineIds?: string[];
}
export const OrderCancelled = defineEvent('orders', 'orders.order-cancelled', 1, OrderCancelledV1);
