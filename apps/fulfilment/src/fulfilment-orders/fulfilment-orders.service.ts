import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FulfilmentOrderCreated, type DeliveryType } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost } from '@omni/platform';
import { In } from 'typeorm';
import { FulfilmentOrderLine, type FulfilmentOrderLineStatus } from './fulfilment-order.entity';
import { TaskStore, type NewTask } from '../tasks/task-store';
import { OPEN_TASK_STATUSES, type TaskStatus } from '../tasks/task.entity';

export interface AllocatedWork {
  orderLineId: string;
  sku: string;
  qty: number;
  locationId: string;
  deliveryType: DeliveryType;
}

export interface OpenedOrder {
  fulfilmentOrderId: string;
  locationId: string;
  lineIds: string[];
}

@Injectable()
export class FulfilmentOrdersService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly tasks: TaskStore,
  ) {}

  /**
   * One fulfilment order and its pick task per location and delivery type of an allocation. The
   * natural key (request, location, delivery type) makes a second answer to the same request a no-op.
   */
  open(orderId: string, requestId: string, work: readonly AllocatedWork[]): Promise<OpenedOrder[]> {
    return this.tx.run(async (m) => {
      const groups = new Map<string, AllocatedWork[]>();
      for (const w of work)
        groups.set(`${w.locationId}\u0000${w.deliveryType}`, [
          ...(groups.get(`${w.locationId}\u0000${w.deliveryType}`) ?? []),
          w,
        ]);
      const opened: OpenedOrder[] = [];
      const newTasks: NewTask[] = [];
      for (const lines of groups.values()) {
        const { locationId, deliveryType } = lines[0];
        const id = randomUUID();
        // The order and its lines in one statement; its pick task follows (TaskStore).
        const inserted: unknown[] = await m.query(
          `WITH fo AS (
             INSERT INTO fulfilment_orders (id, order_id, location_id, delivery_type, request_id) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (request_id, location_id, delivery_type) DO NOTHING RETURNING id),
           fo_lines AS (
             INSERT INTO fulfilment_order_lines (fulfilment_order_id, order_line_id, sku, qty, status)
             SELECT fo.id, l.line_id, l.sku, l.qty, 'open' FROM fo, unnest($6::text[], $7::text[], $8::int[]) AS l(line_id, sku, qty))
           SELECT id FROM fo`,
          [
            id,
            orderId,
            locationId,
            deliveryType,
            requestId,
            lines.map((l) => l.orderLineId),
            lines.map((l) => l.sku),
            lines.map((l) => l.qty),
          ],
        );
        if (!inserted.length) continue;
        newTasks.push({ id: randomUUID(), fulfilmentOrderId: id, orderId, locationId, deliveryType });
        this.events.publish(FulfilmentOrderCreated, orderId, {
          orderId,
          fulfilmentOrderId: id,
          locationId,
          lines: lines.map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty })),
        });
        opened.push({ fulfilmentOrderId: id, locationId, lineIds: lines.map((l) => l.orderLineId) });
      }
      await this.tasks.open(newTasks);
      return opened;
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
