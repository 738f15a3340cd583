import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, CurrentPrincipal, type Principal } from '@omni/platform';
import { OrderParams } from '../returns/dto/return.dto';
import { FindReturnableQuery, type ReturnableOrderView } from './dto/returnable.dto';
import { RETURNABLE_EXAMPLE, RETURNABLE_ORDER_VIEW, RETURNABLE_ORDERS } from './dto/returnable.api';
import { ReturnableOrders } from './returnable.service';

const WHO =
  'Any store may read it, whichever channel sold the order and wherever it was fulfilled (a customer returns any order in any store); ' +
  'a channel only its own orders; admins all. It names no customer, address or pickup code.';

/** The returns desk: an order's lines with what may come back, for any store; found by number or reference. */
@ApiTags('returns')
@Controller('v1')
export class ReturnableController {
  constructor(private readonly returnable: ReturnableOrders) {}

  @Get('orders/:orderId/returnable')
  @ApiRoute({
    summary: 'What of an order may be returned now: per line, what the customer has, what came back, and why not',
    description: `Decided by the return policy exactly as \`POST /v1/returns\` would decide it. ${WHO}`,
    answers: { 200: { schema: RETURNABLE_ORDER_VIEW, example: RETURNABLE_EXAMPLE } },
    problems: [PROBLEMS.notFound, PROBLEMS.orderUnknown],
  })
  forOrder(@CurrentPrincipal() principal: Principal, @Param() { orderId }: OrderParams): Promise<ReturnableOrderView> {
    return this.returnable.forOrder(principal, orderId);
  }

  @Get('returnable-orders')
  @ApiRoute({
    summary: 'Find orders to return by number (the order id or its first 8 characters) or channel reference',
    description: `Newest first, at most 10; an empty list when nothing matches. ${WHO}`,
    answers: { 200: { schema: RETURNABLE_ORDERS, example: { items: [RETURNABLE_EXAMPLE] } } },
  })
  async find(
    @CurrentPrincipal() principal: Principal,
    @Query() { number }: FindReturnableQuery,
  ): Promise<{ items: ReturnableOrderView[] }> {
    return { items: await this.returnable.find(principal, number) };
  }
}
