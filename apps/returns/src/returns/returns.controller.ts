import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Idempotent, LocationScoped, Roles, type HttpRequest, type Principal } from '@omni/platform';
import { AuthoriseReturnDto, OrderParams, ReceiveReturnDto, ReturnParams, WalkInReturnDto, type ReturnView } from './dto/return.dto';
import { ReturnsService } from './returns.service';

const bodyLocation = (req: HttpRequest): unknown => req.body?.locationId;

@ApiTags('returns')
@Controller('v1')
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  /** Any channel may ask for a return of any order, whichever channel sold it. */
  @Post('returns')
  @HttpCode(201)
  @Idempotent()
  @Roles('admin', 'channel', 'store')
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

  /** Any store may receive any return; store staff only at their own store. */
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

  @Get('returns/:id')
  get(@Param() { id }: ReturnParams): Promise<ReturnView> {
    return this.returns.get(id);
  }

  @Get('orders/:orderId/returns')
  async forOrder(@Param() { orderId }: OrderParams): Promise<{ orderId: string; returns: ReturnView[] }> {
    return { orderId, returns: await this.returns.forOrder(orderId) };
  }
}
