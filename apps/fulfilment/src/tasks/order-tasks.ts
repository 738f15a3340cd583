import { Injectable } from '@nestjs/common';
import {
  notFoundProblem,
  orderTasksScope,
  orderUnknownProblem,
  queryRows,
  TransactionHost,
  type Principal,
} from '@omni/platform';
import type { TasksQuery } from './dto/task.dto';
import { TaskViews, type TaskPage } from './task-views';

/**
 * One order's tasks, as the caller may see them (ownership.ts orderTasksScope). An order fulfilment has not
 * heard of is "not yet" (order-unknown: orders' event may still be on its way); one the caller may not see
 * is "not yours" (not-found), a store with no task of the order included.
 */
@Injectable()
export class OrderTasks {
  constructor(
    private readonly tx: TransactionHost,
    private readonly views: TaskViews,
  ) {}

  list(principal: Principal, orderId: string, query: TasksQuery): Promise<TaskPage> {
    return this.views.ofOrder(orderId, query, async () => {
      const [order] = await queryRows<{ channel: string }>(
        this.tx.manager,
        `SELECT channel FROM sourced_orders WHERE order_id = $1`,
        [orderId],
      );
      if (!order) throw orderUnknownProblem(orderId, 'fulfilment');
      const scope = orderTasksScope(principal, order.channel);
      if (!scope) throw notFoundProblem('order', orderId);
      if ('all' in scope) return null;
      // Decided on every task of the order, not on the page: a filter that matches none is an empty page, not a 404.
      if (!(await this.views.anyOfOrderAt(orderId, scope.locationIds))) throw notFoundProblem('order', orderId);
      return scope.locationIds;
    });
  }
}
