import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { LocationIdParams } from '../capacity/dto/capacity.dto';
import { OrderIdParams } from '../sourcing/dto/sourcing.dto';
import {
  DeliverDto,
  HandoverDto,
  PickDto,
  RejectDto,
  ShipDto,
  TaskIdParams,
  TasksQuery,
  type TaskView,
} from './dto/task.dto';
import { TASK_EXAMPLE, TASK_PAGE, TASK_VIEW } from './dto/task.api';
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
  @ApiRoute({
    summary: "A location's tasks (its pick list with status=to_pick), oldest first or newest first, a page at a time",
    answers: { 200: { schema: TASK_PAGE, example: { items: [TASK_EXAMPLE], nextCursor: null } } },
  })
  list(@Param() { id }: LocationIdParams, @Query() query: TasksQuery): Promise<TaskPage> {
    return this.views.atLocation(id, query);
  }

  /** One order's tasks, with the list's filters and sort: all of them for admins and the order's channel, a store's own locations' for a store. */
  @Get('orders/:orderId/tasks')
  @Roles('admin', 'channel', 'store')
  @ApiRoute({
    summary: "One order's tasks",
    description: "Admins and the order's channel see all of them, a store its own locations' (none there: 404).",
    answers: { 200: { schema: TASK_PAGE, example: { items: [TASK_EXAMPLE], nextCursor: null } } },
    problems: [PROBLEMS.notFound, PROBLEMS.orderUnknown],
  })
  ofOrder(
    @CurrentPrincipal() principal: Principal,
    @Param() { orderId }: OrderIdParams,
    @Query() query: TasksQuery,
  ): Promise<TaskPage> {
    return this.orderTasks.list(principal, orderId, query);
  }

  @Get('tasks/:id')
  @ApiRoute({
    summary: 'Read a task',
    answers: { 200: { schema: TASK_VIEW, example: TASK_EXAMPLE } },
    problems: [PROBLEMS.notFound],
  })
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @Post('tasks/:id/pick')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: 'Pick: the units found for each line (fewer than ordered is a short pick; the rest is sourced elsewhere)',
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.eventContractViolation],
    requestExample: { lines: [{ orderLineId: 'l-1', pickedQty: 1 }] },
  })
  pick(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParams,
    @Body() body: PickDto,
  ): Promise<TaskView> {
    return this.tasks.pick(principal, id, body);
  }

  @Post('tasks/:id/pack')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: 'Pack the picked units',
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.eventContractViolation],
  })
  pack(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.pack(principal, id);
  }

  @Post('tasks/:id/ready')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: 'Ready for pickup: a code goes to the customer',
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.eventContractViolation],
  })
  ready(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.ready(principal, id);
  }

  /** A locked pickup (or a lost message): a new code goes to the customer, attempts start again. */
  @Post('tasks/:id/reissue-code')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: 'Send the customer a new pickup code (a locked or lost one); attempts start again',
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.pickupClosed, PROBLEMS.eventContractViolation],
  })
  reissueCode(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParams): Promise<TaskView> {
    return this.tasks.reissueCode(principal, id);
  }

  /** Not @Idempotent: a wrong code must be counted in its own committed transaction. */
  @Post('tasks/:id/handover')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Hand a pickup over against its code',
    answers: { 200: TASK_VIEW },
    problems: [
      PROBLEMS.notFound,
      PROBLEMS.taskState,
      PROBLEMS.wrongPickupCode,
      PROBLEMS.pickupLocked,
      PROBLEMS.pickupClosed,
      PROBLEMS.eventContractViolation,
    ],
    requestExample: { code: '428913' },
  })
  handover(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParams,
    @Body() body: HandoverDto,
  ): Promise<TaskView> {
    return this.tasks.handover(principal, id, body.code);
  }

  @Post('tasks/:id/ship')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: 'Ship: the carrier and tracking number',
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.eventContractViolation],
    requestExample: { carrier: 'colissimo', trackingNumber: '6A12345678901' },
  })
  ship(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParams,
    @Body() body: ShipDto,
  ): Promise<TaskView> {
    return this.tasks.ship(principal, id, body);
  }

  /** The carrier's delivery confirmation for a shipped task. */
  @Post('tasks/:id/deliver')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: "The carrier's delivery confirmation for a shipped task",
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.eventContractViolation],
    requestExample: { deliveredAt: '2026-03-04T11:20:00.000Z' },
  })
  deliver(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParams,
    @Body() body: DeliverDto,
  ): Promise<TaskView> {
    return this.tasks.deliver(principal, id, body ?? {});
  }

  @Post('tasks/:id/reject')
  @HttpCode(200)
  @Idempotent()
  @ApiRoute({
    summary: 'Reject the work (out of stock, damaged, no capacity): the lines are sourced elsewhere',
    answers: { 200: TASK_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.taskState, PROBLEMS.eventContractViolation],
    requestExample: { reason: 'out_of_stock', note: 'shelf empty' },
  })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParams,
    @Body() body: RejectDto,
  ): Promise<TaskView> {
    return this.tasks.reject(principal, id, body.reason, body.note);
  }
}
