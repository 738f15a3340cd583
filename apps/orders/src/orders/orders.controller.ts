import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import {
  ApiRoute,
  CurrentPrincipal,
  Idempotent,
  LocationScoped,
  Roles,
  type HttpReply,
  type HttpRequest,
  type Principal,
} from '@omni/platform';
import { CancelOrderDto, OrderIdParams } from './dto/cancel-order.dto';
import { ListOrdersQuery } from './dto/list-orders.query';
import { ORDER_EXAMPLE, ORDER_PAGE, ORDER_VIEW, PLACE_ORDER_EXAMPLE } from './dto/order.api';
import { PlaceOrderDto } from './dto/place-order.dto';
import { revealPickupCodes } from '../pickup-codes/pickup-codes.rules';
import type { PickupCodeView } from '../pickup-codes/pickup-codes.rules';
import { OrderReader, type Page } from './order-reader';
import type { OrderSummary, OrderView } from './order-view';
import { OrdersService } from './orders.service';

/** A store may credit a sale only to an associate of its own locations. */
const assistingLocation = (req: HttpRequest): unknown => {
  const assistedBy = req.body?.assistedBy;
  return typeof assistedBy === 'object' && assistedBy !== null
    ? (assistedBy as { locationId?: unknown }).locationId
    : undefined;
};

@ApiTags('orders')
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly reader: OrderReader,
  ) {}

  /** Endless aisle: a POS may order for delivery, or for pickup at another store; no location scope on the lines. */
  @Post()
  @HttpCode(201)
  @Idempotent()
  @Roles('admin', 'channel', 'store')
  @LocationScoped(assistingLocation)
  @ApiRoute({
    summary: 'Place an order, optionally carrying a cart hold',
    description:
      'An order naming a hold or a store orders has not heard of yet is answered `201` with status `pending` (each line says what it waits for) ' +
      'and placed as soon as that arrives, or rejected. Poll `GET /v1/orders/{id}` for its timeline.',
    answers: { 201: { schema: ORDER_VIEW, description: 'Placed, or pending', example: ORDER_EXAMPLE } },
    problems: [
      PROBLEMS.forbidden,
      PROBLEMS.duplicateExternalRef,
      PROBLEMS.unknownSku,
      PROBLEMS.pickupNotPossible,
      PROBLEMS.holdNotUsable,
      PROBLEMS.eventContractViolation,
    ],
    requestExample: PLACE_ORDER_EXAMPLE,
  })
  place(@CurrentPrincipal() principal: Principal, @Body() body: PlaceOrderDto): Promise<OrderView> {
    return this.orders.place(principal, body);
  }

  /** Staff search; each caller sees only what it may (channel clients their channel, stores their locations). */
  @Get()
  @Roles('admin', 'store', 'channel')
  @LocationScoped((req: HttpRequest) => req.query.locationId)
  @ApiRoute({
    summary: 'Search orders, newest first, a page at a time',
    description:
      'Narrowed to what the caller may see: a channel client its channel, a store the orders involving its locations.',
    answers: { 200: ORDER_PAGE },
  })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListOrdersQuery): Promise<Page<OrderSummary>> {
    return this.reader.page(query, principal);
  }

  /** The order's channel client also gets `pickups`: the code of each open pickup (README "Pickup codes"). */
  @Get(':id')
  @ApiRoute({
    summary: 'Read an order: its lines, timeline and returns (and, for its own channel, the codes of its open pickups)',
    answers: { 200: { schema: ORDER_VIEW, example: ORDER_EXAMPLE } },
    problems: [PROBLEMS.notFound],
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: OrderIdParams,
  ): Promise<OrderView & { pickups?: PickupCodeView[] }> {
    const { view, pickupCodes } = await this.reader.read(principal, id);
    return revealPickupCodes(principal, view, pickupCodes, new Date());
  }

  /** 200 when every line is decided (cancelled, or was already); 202 while fulfilment decides a placed line's cancel (the lines show it). */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Cancel an order, or some of its lines',
    answers: {
      200: { schema: ORDER_VIEW, description: 'Every line decided: cancelled, or already' },
      202: {
        schema: ORDER_VIEW,
        description:
          'Requested: fulfilment decides the cancel of placed lines (each shows `cancellation.status: requested`)',
      },
    },
    problems: [PROBLEMS.notFound, PROBLEMS.unknownOrderLines, PROBLEMS.cancelTooLate, PROBLEMS.eventContractViolation],
    requestExample: { lineIds: ['l-1'], reason: 'customer changed their mind' },
  })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: OrderIdParams,
    @Body() body: CancelOrderDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<OrderView> {
    const { view, decided } = await this.orders.cancel(principal, id, body);
    if (!decided) res.statusCode = 202;
    return view;
  }
}
