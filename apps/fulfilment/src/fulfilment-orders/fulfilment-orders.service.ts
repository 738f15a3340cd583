import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FulfilmentOrderCreated, type DeliveryType } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost, unnestColumns } from '@omni/platform';
import { In } from 'typeorm';
import { FulfilmentOrderLine, type FulfilmentOrderLineStatus } from './fulfilment-order.entity';
import { TaskStore } from '../tasks/task-store';
import { OPEN_TASK_STATUSES, type TaskStatus } from '../tasks/task.entity';

export interface AllocatedWork {
  orderLineId: string;
  sku: string;
  qty: number;
  locationId: string;
  deliveryType: DeliveryType;
}

@Injectable()
export class FulfilmentOrdersService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly tasks: TaskStore,
  ) {}

  /**
   * One fulfilment order and its pick task per location and delivery type of an allocation, all in
   * one statement. The natural key (request, location, delivery type) makes a second answer to the
   * same request a no-op: an order that exists already gets no lines, task or event. `alongside`
   * adds the caller's own write about the lines opened to that statement (a data-modifying CTE over
   * `opened`: order_id, order_line_id, location_id, fulfilment_order_id).
   */
  open(
    orderId: string,
    requestId: string,
    work: readonly AllocatedWork[],
    alongside?: (opened: string) => string,
  ): Promise<void> {
    return this.tx.run(async (m) => {
      const groups = new Map<string, { id: string; taskId: string; lines: AllocatedWork[] }>();
      for (const w of work) {
        const group = `${w.locationId}\u0000${w.deliveryType}`;
        if (!groups.has(group)) groups.set(group, { id: randomUUID(), taskId: randomUUID(), lines: [] });
        groups.get(group)?.lines.push(w);
      }
      const orders = unnestColumns(
        'g',
        { id: 'uuid', task_id: 'uuid', location_id: 'text', delivery_type: 'text' },
        [...groups.values()].map((g) => ({
          id: g.id,
          task_id: g.taskId,
          location_id: g.lines[0].locationId,
          delivery_type: g.lines[0].deliveryType,
        })),
        { from: 3 },
      );
      const lines = unnestColumns(
        'l',
        { fo_id: 'uuid', line_id: 'text', sku: 'text', qty: 'int' },
        [...groups.values()].flatMap((g) =>
          g.lines.map((l) => ({ fo_id: g.id, line_id: l.orderLineId, sku: l.sku, qty: l.qty })),
        ),
        { from: orders.next },
      );
      const inserted = await queryRows<{ id: string }>(
        m,
        `WITH g AS (SELECT * FROM ${orders.sql}),
         fo AS (
           INSERT INTO fulfilment_orders (id, order_id, location_id, delivery_type, request_id)
           SELECT g.id, $1, g.location_id, g.delivery_type, $2 FROM g ORDER BY g.id
           ON CONFLICT (request_id, location_id, delivery_type) DO NOTHING
           RETURNING id, order_id, location_id, delivery_type),
         opened AS (
           SELECT fo.order_id, l.line_id AS order_line_id, fo.location_id, fo.id AS fulfilment_order_id, l.sku, l.qty
           FROM fo JOIN ${lines.sql} ON l.fo_id = fo.id),
         fo_lines AS (
           INSERT INTO fulfilment_order_lines (fulfilment_order_id, order_line_id, sku, qty, status)
           SELECT fulfilment_order_id, order_line_id, sku, qty, 'open' FROM opened),
         pick_tasks AS (${TaskStore.openFor('(SELECT g.task_id AS id, fo.id AS fulfilment_order_id, fo.order_id, fo.location_id, fo.delivery_type FROM fo JOIN g ON g.id = fo.id)')})
         ${alongside ? `, alongside AS (${alongside('opened')})` : ''}
         SELECT id FROM fo`,
        [orderId, requestId, ...orders.params, ...lines.params],
      );
      const created = new Set(inserted.map((r) => r.id));
      for (const { id, lines: opened } of groups.values()) {
        if (!created.has(id)) continue;
        this.events.publish(FulfilmentOrderCreated, orderId, {
          orderId,
          fulfilmentOrderId: id,
          locationId: opened[0].locationId,
          lines: opened.map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty })),
        });
      }
    });
  }

  /**
   * Takes order lines out of their live fulfilment orders (moved elsewhere, or cancelled). A task
   * left with nothing to do closes with `taskStatus`; returns the fulfilment orders that closed.
   */
  detach(
    orderId: string,
    lineIds: readonly string[] | undefined,
    lineStatus: Extract<FulfilmentOrderLineStatus, 'moved' | 'cancelled'>,
    taskStatus: TaskStatus,
    reason: string,
  ): Promise<string[]> {
    return this.tx.run(async (m) => {
      await this.tasks.lockOf(orderId);
      const touched = await queryRows<{ id: string }>(
        m,
        `UPDATE fulfilment_order_lines fl SET status = $3
         FROM fulfilment_orders fo
         WHERE fo.id = fl.fulfilment_order_id AND fo.order_id = $1 AND ($2::text[] IS NULL OR fl.order_line_id = ANY($2))
           AND fl.status IN ('open', 'picked')
           -- Goods that left with a finished task (handed over, shipped) stay with it: a cancel that arrives after is too late.
           AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.fulfilment_order_id = fo.id AND t.status <> ALL($4::text[]))
         RETURNING fo.id`,
        [orderId, lineIds ?? null, lineStatus, OPEN_TASK_STATUSES],
      );
      const ids = [...new Set(touched.map((t) => t.id))];
      return ids.length ? this.tasks.closeEmptied(ids, taskStatus, reason) : [];
    });
  }

  linesOf(fulfilmentOrderIds: readonly string[]): Promise<FulfilmentOrderLine[]> {
    if (!fulfilmentOrderIds.length) return Promise.resolve([]);
    return this.tx.manager.find(FulfilmentOrderLine, {
      where: { fulfilmentOrderId: In([...fulfilmentOrderIds]) },
      order: { orderLineId: 'ASC' },
    });
  }
}
