import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Idempotent, LocationScoped, Roles, type HttpRequest, type Principal } from '@omni/platform';
import { LocationIdParams } from '../capacity/dto/capacity.dto';
import { OrderIdParams } from '../sourcing/dto/sourcing.dto';
import { DeliverDto, HandoverDto, PickDto, RejectDto, ShipDto, TaskIdParams, TasksQuery, type TaskView } from './dto/task.dto';
import { OrderTasks } from './order-tasks';
import { TaskViews, type TaskPage } from './task-views';
import { TasksService } from './tasks.service';

/**
 * Store staff see and work only their own locations' tasks (checked on the route, or after the lookup for
 * /tasks/{id}); a channel client may read its own orders' tasks.
 */
@ApiTags('tasks')
@Controller('v1')
@Roles('admin', 'store')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly views: TaskViews,
    private readonly orderTasks: OrderTasks,
  ) {}

  /** The pick list (status=to_pick), or any other stage, oldest first (or `sort=newest`), a page at a time. */
  @Get('locations/:id/tasks')
  @LocationScoped((req: HttpRequest) => req.params.id)
  list(@Param() { id }: LocationIdParams, @Query() query: TasksQuery): Promise<TaskPage> {
    return this.views.atLocation(id, query);
  }

  /** One order's tasks, with the list's filters and sort: all of them for admins and the order's channel, a store's own locations' for a store. */
  @Get('orders/:orderId/tasks')
  @Roles('admin', 'channel', 'store')
  ofOrder(@CurrentPrincipal() principal: Principal, @Param() { orderId }: OrderIdParams, @Query() query: TasksQuery): Promise<TaskPage> {
    return this.orderTasks.list(principal, orderId, query);
  }

  @Get('tasks/:id')
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @Post('tasks/:id/pick')
  @HttpCode(200)
  @Idempotent()
  pick(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams, @Body() body: PickDto): Promise<TaskView> {
    return this.tasks.pick(principal, id, body);
  }

  @Post('tasks/:id/pack')
  @HttpCode(200)
  @Idempotent()
  pack(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.pack(principal, id);
  }

  @Post('tasks/:id/ready')
  @HttpCode(200)
  @Idempotent()
  ready(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.ready(principal, id);
  }

  /** A locked pickup (or a lost message): a new code goes to the customer, attempts start again. */
  @Post('tasks/:id/reissue-code')
  @HttpCode(200)
  @Idempotent()
  reissueCode(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.reissueCode(principal, id);
  }

  /** Not @Idempotent: a wrong code must be counted in its own committed transaction. */
  @Post('tasks/:id/handover')
  @HttpCode(200)
  handover(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams, @Body() body: HandoverDto): Promise<TaskView> {
    return this.tasks.handover(principal, id, body.code);
  }

  @Post('tasks/:id/ship')
  @HttpCode(200)
  @Idempotent()
  ship(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams, @Body() body: ShipDto): Promise<TaskView> {
    return this.tasks.ship(principal, id, body);
  }

  /** The carrier's delivery confirmation for a shipped task. */
  @Post('tasks/:id/deliver')
  @HttpCode(200)
  @Idempotent()
  deliver(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams, @Body() body: DeliverDto): Promise<TaskView> {
    return this.tasks.deliver(principal, id, body ?? {});
  }

  @Post('tasks/:id/reject')
  @HttpCode(200)
  @Idempotent()
  reject(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams, @Body() body: RejectDto): Promise<TaskView> {
    return this.tasks.reject(principal, id, body.reason, body.note);
  }
}
