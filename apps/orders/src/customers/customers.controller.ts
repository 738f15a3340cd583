import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, CurrentPrincipal, type Principal } from '@omni/platform';
import { PageQuery } from '../orders/dto/list-orders.query';
import { ORDER_PAGE } from '../orders/dto/order.api';
import type { Page } from '../orders/order-reader';
import type { OrderSummary } from '../orders/order-view';
import { CustomerHistory } from './customer-history';
import { CustomerIdParams } from './dto/customer-orders.query';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly history: CustomerHistory) {}

  /**
   * One history per customer whatever the channel: the web app shows in-store purchases, a store finds
   * a web order to return. So the list is not narrowed to the caller's channel or stores, but only a
   * channel with an order of this customer may read it (404 otherwise); a store's reads are audited.
   */
  @Get(':id/orders')
  @ApiRoute({
    summary: "One customer's order history across every channel, newest first",
    description:
      'A channel reads it only for a customer with an order in its channel (else 404); a store (the returns desk) any customer, each read audited.',
    answers: { 200: ORDER_PAGE },
    problems: [PROBLEMS.notFound],
  })
  orders(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: CustomerIdParams,
    @Query() query: PageQuery,
  ): Promise<Page<OrderSummary>> {
    return this.history.page(principal, id, query);
  }
}
