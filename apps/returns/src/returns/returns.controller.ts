import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Idempotent, LocationScoped, Roles, type HttpRequest, type Principal } from '@omni/platform';
import { AuthoriseReturnDto, OrderParams, ReceiveReturnDto, ReturnParams, WalkInReturnDto, type ReturnView } from './dto/return.dto';
import { ReturnsService } from './returns.service';

const bodyLocation = (req: HttpRequest): unknown => req.body?.locationId;
/** Where an authorised return is to come back: store staff may only name their own locations. */
const returnToLocation = (req: HttpRequest): unknown => {
  const returnTo: unknown = req.body?.returnTo;
  return typeof returnTo === 'object' && returnTo !== null ? (returnTo as { locationId?: unknown }).locationId : undefined;
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
  authorise(@CurrentPrincipal() principal: Principal, @Body() body: AuthoriseReturnDto): Promise<ReturnView> {
    return this.returns.authorise(principal, body);
  }

  @Post('returns/walk-in')
  @HttpCode(201)
  @Idempotent()
  @Roles('admin', 'store')
  @LocationScoped(bodyLocation)
  walkIn(@CurrentPrincipal() principal: Principal, @Body() body: WalkInReturnDto): Promise<ReturnView> {
    return this.returns.walkIn(principal, body);
  }

  /** Booked in where the return was to come back, by that location's staff (or an admin). */
  @Post('returns/:id/receive')
  @HttpCode(200)
  @Idempotent()
  @Roles('admin', 'store')
  @LocationScoped(bodyLocation)
  receive(@CurrentPrincipal() principal: Principal, @Param() { id }: ReturnParams, @Body() body: ReceiveReturnDto): Promise<ReturnView> {
    return this.returns.receive(principal, id, body.locationId, body.lines);
  }

  @Post('returns/:id/cancel')
  @HttpCode(200)
  @Idempotent()
  @Roles('admin', 'channel', 'store')
  cancel(@CurrentPrincipal() principal: Principal, @Param() { id }: ReturnParams): Promise<ReturnView> {
    return this.returns.cancel(principal, id);
  }

  /** Readable by the order's channel, the stores it comes back to or was received at, and admins; else 404. */
  @Get('returns/:id')
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: ReturnParams): Promise<ReturnView> {
    return this.returns.get(principal, id);
  }

  @Get('orders/:orderId/returns')
  async forOrder(@CurrentPrincipal() principal: Principal, @Param() { orderId }: OrderParams): Promise<{ orderId: string; returns: ReturnView[] }> {
    return { orderId, returns: await this.returns.forOrder(principal, orderId) };
  }
}
