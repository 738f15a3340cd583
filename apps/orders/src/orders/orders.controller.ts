import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import {
  ApiRoute,
  CurrentPrincipal,
  noContent,
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
import { OrderReader, type Page } from './order-reader';
import type { OrderSummary, OrderView } from './order-view';
import { MAX_WAIT_S, OrderWatch, waitOf, type OrderAnswer } from './order-watch';
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
    private readonly watch: OrderWatch,
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
    description:
      'Every answer carries an `ETag`. With `If-None-Match` naming it, the order is answered only once it differs ' +
      '(else `304`); add `Prefer: wait=N` to wait up to N seconds (at most ' +
      `${MAX_WAIT_S}) for it to change instead of polling: the answer comes as soon as the change is committed, ` +
      'with `Preference-Applied: wait=N`.',
    headers: {
      'If-None-Match': {
        description: 'The `ETag` of the answer the caller has: a `304` while the order still reads the same.',
        schema: { type: 'string', maxLength: 1024 },
        example: '"3kq1cD0w9vVh0-6v1JfRr3dJq7A"',
      },
      Prefer: {
        description: `\`wait=N\` (RFC 7240): with \`If-None-Match\`, wait up to N seconds (at most ${MAX_WAIT_S}) for the order to change.`,
        schema: { type: 'string', maxLength: 256 },
        example: 'wait=10',
      },
    },
    answers: {
      200: { schema: ORDER_VIEW, example: ORDER_EXAMPLE },
      304: noContent(
        'Not modified: the order still reads as the `If-None-Match` tag says (after the wait, if one was asked)',
      ),
    },
    problems: [PROBLEMS.notFound],
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: OrderIdParams,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<OrderAnswer | undefined> {
    const waitMs = ifNoneMatch ? waitOf(prefer) : 0;
    const { body, etag, modified } = await this.watch.read(principal, id, ifNoneMatch, waitMs);
    res.header('ETag', etag);
    if (waitMs) res.header('Preference-Applied', `wait=${waitMs / 1000}`);
    if (modified) return body;
    res.status(304);
    return undefined;
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
