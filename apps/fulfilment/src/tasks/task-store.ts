import { Injectable } from '@nestjs/common';
import { queryRows, TransactionHost } from '@omni/platform';
import { OPEN_TASK_STATUSES, type TaskStatus } from './task.entity';

/**
 * Every write to `tasks` that is not a staff step (those are TasksService's): a pick task per new
 * fulfilment order, the locks a cancel or re-source takes, closing tasks left with nothing to do,
 * and no-shows. Inside the ambient transaction.
 */
@Injectable()
export class TaskStore {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * The statement part that opens a pick task for each fulfilment order `source` yields (columns id,
   * fulfilment_order_id, order_id, location_id, delivery_type): a data-modifying CTE of the statement
   * that creates those orders, so a new order and its task are one round trip.
   */
  static openFor(source: string): string {
    return `INSERT INTO tasks (id, fulfilment_order_id, order_id, location_id, delivery_type, status)
       SELECT t.id, t.fulfilment_order_id, t.order_id, t.location_id, t.delivery_type, 'to_pick' FROM ${source} AS t`;
  }

  /**
   * Locks the order's tasks, in id order. A staff step (pick, handover, ship) locks its task before it
   * reads and moves the lines; whatever takes lines away from a task must lock in that same order, or
   * a handover that read its lines just before a cancel took them would still send the goods out.
   */
  async lockOf(orderId: string): Promise<void> {
    await this.tx.manager.query(
      `SELECT t.id FROM tasks t JOIN fulfilment_orders fo ON fo.id = t.fulfilment_order_id
       WHERE fo.order_id = $1 ORDER BY t.id FOR UPDATE OF t`,
      [orderId],
    );
  }

  /** Live tasks of these fulfilment orders left with no open or picked line close with `status`; returns their fulfilment orders. */
  async closeEmptied(fulfilmentOrderIds: readonly string[], status: TaskStatus, reason: string): Promise<string[]> {
    const closed = await queryRows<{ fulfilmentOrderId: string }>(
      this.tx.manager,
      `UPDATE tasks t SET status = $2, reason = $3, updated_at = now()
       WHERE t.fulfilment_order_id = ANY($1::uuid[]) AND t.status = ANY($4::text[])
         AND NOT EXISTS (SELECT 1 FROM fulfilment_order_lines fl WHERE fl.fulfilment_order_id = t.fulfilment_order_id AND fl.status IN ('open', 'picked'))
       RETURNING t.fulfilment_order_id AS "fulfilmentOrderId"`,
      [fulfilmentOrderIds, status, reason, OPEN_TASK_STATUSES],
    );
    return closed.map((c) => c.fulfilmentOrderId);
  }

  /** No-shows: the tasks still ready for their customer expire. */
  async expireUncollected(fulfilmentOrderIds: readonly string[], now: Date): Promise<void> {
    await this.tx.manager.query(
      `UPDATE tasks SET status = 'expired', reason = 'not collected in time', updated_at = $2 WHERE fulfilment_order_id = ANY($1::uuid[]) AND status = 'ready_for_pickup'`,
      [fulfilmentOrderIds, now],
    );
  }
}
