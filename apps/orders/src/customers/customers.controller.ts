import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../orders/dto/list-orders.query';
import { OrderReader, type Page } from '../orders/order-reader';
import type { OrderSummary } from '../orders/order-view';
import { CustomerIdParams } from './dto/customer-orders.query';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly reader: OrderReader) {}

  /**
   * One history per customer whatever the channel (ARCHITECTURE: "see one order history whatever
   * the channel"): the web app shows in-store purchases, a store finds a web order to return. So
   * this list is not narrowed to the caller's channel or stores; opening one order still is.
   */
  @Get(':id/orders')
  orders(@Param() { id }: CustomerIdParams, @Query() query: PageQuery): Promise<Page<OrderSummary>> {
    return this.reader.page({ ...query, customerId: id });
  }
}
