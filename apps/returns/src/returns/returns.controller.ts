import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import {
  ApiRoute,
  CurrentPrincipal,
  Idempotent,
  LocationScoped,
  Roles,
  type HttpRequest,
  type Principal,
} from '@omni/platform';
import {
  AuthoriseReturnDto,
  OrderParams,
  ReceiveReturnDto,
  ReturnParams,
  WalkInReturnDto,
  type ReturnView,
} from './dto/return.dto';
import { ORDER_RETURNS, RETURN_EXAMPLE, RETURN_REQUEST_EXAMPLE, RETURN_VIEW } from './dto/return.api';
import { ReturnsService } from './returns.service';

const bodyLocation = (req: HttpRequest): unknown => req.body?.locationId;
/** Where an authorised return is to come back: store staff may only name their own locations. */
const returnToLocation = (req: HttpRequest): unknown => {
  const returnTo: unknown = req.body?.returnTo;
  return typeof returnTo === 'object' && returnTo !== null
    ? (returnTo as { locationId?: unknown }).locationId
    : undefined;
};

@ApiTags('returns')
@Controller('v1')
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  /** A channel for its own orders; a store (the returns desk) for any order, coming back to one of its locations. */
  @Post('returns')
  @HttpCode(201)
  @Idempotent()
  @Roles('admin', 'channel', 'store')
  @LocationScoped(returnToLocation)
  @ApiRoute({
    summary: 'Authorise a return of an order (any channel, to any store or by post)',
    description: 'Checked against the return policy and what was sold and has left; a refusal names every rule broken.',
    answers: { 201: { schema: RETURN_VIEW, description: 'Authorised', example: RETURN_EXAMPLE } },
    problems: [
      PROBLEMS.forbidden,
      PROBLEMS.notFound,
      PROBLEMS.orderUnknown,
      PROBLEMS.returnRefused,
      PROBLEMS.eventContractViolation,
    ],
    requestExample: RETURN_REQUEST_EXAMPLE,
  })
  authorise(@CurrentPrincipal() principal: Principal, @Body() body: AuthoriseReturnDto): Promise<ReturnView> {
    return this.returns.authorise(principal, body);
  }

  @Post('returns/walk-in')
  @HttpCode(201)
  @Idempotent()
  @Roles('admin', 'store')
  @LocationScoped(bodyLocation)
  @ApiRoute({
    summary: 'A walk-in return at the counter: authorised and received at this store in one step',
    answers: { 201: RETURN_VIEW },
    problems: [
      PROBLEMS.forbidden,
      PROBLEMS.notFound,
      PROBLEMS.orderUnknown,
      PROBLEMS.returnRefused,
      PROBLEMS.eventContractViolation,
    ],
    requestExample: {
      orderId: RETURN_REQUEST_EXAMPLE.orderId,
      locationId: 's-001',
      lines: RETURN_REQUEST_EXAMPLE.lines,
    },
  })
  walkIn(@CurrentPrincipal() principal: Principal, @Body() body: WalkInReturnDto): Promise<ReturnView> {
    return this.returns.walkIn(principal, body);
  }

  /** Booked in where the return was to come back, by that location's staff (or an admin). */
  @Post('returns/:id/receive')
  @HttpCode(200)
  @Idempotent()
  @Roles('admin', 'store')
  @LocationScoped(bodyLocation)
  @ApiRoute({
    summary: 'Book a return in where it was to come back, with what was counted',
    answers: { 200: RETURN_VIEW },
    problems: [
      PROBLEMS.forbidden,
      PROBLEMS.notFound,
      PROBLEMS.returnState,
      PROBLEMS.returnRefused,
      PROBLEMS.eventContractViolation,
    ],
    requestExample: { locationId: 's-001', lines: [{ orderLineId: 'l-1', qty: 1 }] },
  })
  receive(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: ReturnParams,
    @Body() body: ReceiveReturnDto,
  ): Promise<ReturnView> {
    return this.returns.receive(principal, id, body.locationId, body.lines);
  }

  @Post('returns/:id/cancel')
  @HttpCode(200)
  @Idempotent()
  @Roles('admin', 'channel', 'store')
  @ApiRoute({
    summary: 'Cancel a return not yet received',
    answers: { 200: RETURN_VIEW },
    problems: [PROBLEMS.forbidden, PROBLEMS.notFound, PROBLEMS.returnState, PROBLEMS.eventContractViolation],
  })
  cancel(@CurrentPrincipal() principal: Principal, @Param() { id }: ReturnParams): Promise<ReturnView> {
    return this.returns.cancel(principal, id);
  }

  /** Readable by the order's channel, the stores it comes back to or was received at, and admins; else 404. */
  @Get('returns/:id')
  @ApiRoute({
    summary: 'Read a return and its refund',
    answers: { 200: { schema: RETURN_VIEW, example: RETURN_EXAMPLE } },
    problems: [PROBLEMS.notFound],
  })
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: ReturnParams): Promise<ReturnView> {
    return this.returns.get(principal, id);
  }

  @Get('orders/:orderId/returns')
  @ApiRoute({
    summary: "An order's returns the caller may read",
    answers: { 200: ORDER_RETURNS },
    problems: [PROBLEMS.notFound, PROBLEMS.orderUnknown],
  })
  async forOrder(
    @CurrentPrincipal() principal: Principal,
    @Param() { orderId }: OrderParams,
  ): Promise<{ orderId: string; returns: ReturnView[] }> {
    return { orderId, returns: await this.returns.forOrder(principal, orderId) };
  }
}
