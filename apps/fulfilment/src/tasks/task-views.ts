import { Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '@omni/contracts';
import { CursorCodec, TransactionHost } from '@omni/platform';
import { FulfilmentOrdersService } from '../fulfilment-orders/fulfilment-orders.service';
import { Task } from './task.entity';
import { PickupsService } from '../pickups/pickups.service';
import { DEFAULT_TASK_PAGE, type TasksQuery, type TaskView } from './dto/task.dto';

const TASKS_LIST = 'tasks';
const CREATED_MS = `date_trunc('milliseconds', t.created_at)`;

/** What staff see of tasks: the pick list with its lines and, for pickups, the window. */
@Injectable()
export class TaskViews {
  constructor(
    private readonly tx: TransactionHost,
    private readonly fulfilmentOrders: FulfilmentOrdersService,
    private readonly pickups: PickupsService,
    private readonly cursors: CursorCodec,
  ) {}

  /** Oldest first (the pick list's order), a page at a time by keyset: stable while tasks come and go. */
  async atLocation(locationId: string, query: TasksQuery): Promise<{ items: TaskView[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_TASK_PAGE;
    const qb = this.tx.manager
      .createQueryBuilder(Task, 't')
      .where('t.location_id = :locationId', { locationId })
      // Milliseconds, as the cursor carries them: tasks of one transaction share a microsecond timestamp.
      .orderBy(CREATED_MS, 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.cursor) {
      const cursor = this.cursors.decodeKeyset(TASKS_LIST, query.cursor, UUID_PATTERN);
      qb.andWhere(`(${CREATED_MS}, t.id) > (:cursorAt::timestamptz, :cursorId::uuid)`, { cursorAt: cursor.at, cursorId: cursor.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.of(page), nextCursor: rows.length > limit && last ? this.cursors.encodeKeyset(TASKS_LIST, { at: last.createdAt.toISOString(), id: last.id }) : null };
  }

  async of(tasks: readonly Task[]): Promise<TaskView[]> {
    const ids = tasks.map((t) => t.fulfilmentOrderId);
    const lines = await this.fulfilmentOrders.linesOf(ids);
    const pickups = await this.pickups.view(ids);
    return tasks.map((t) => {
      const pickup = pickups.get(t.fulfilmentOrderId);
      return {
        id: t.id,
        fulfilmentOrderId: t.fulfilmentOrderId,
        orderId: t.orderId,
        locationId: t.locationId,
        deliveryType: t.deliveryType,
        status: t.status,
        reason: t.reason,
        carrier: t.carrier,
        trackingNumber: t.trackingNumber,
        deliveredAt: t.deliveredAt ? t.deliveredAt.toISOString() : null,
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
        lines: lines
          .filter((l) => l.fulfilmentOrderId === t.fulfilmentOrderId)
          .map(({ orderLineId, sku, qty, pickedQty, status }) => ({ orderLineId, sku, qty, pickedQty, status })),
        ...(pickup
          ? {
              pickup: {
                status: pickup.status,
                expiresAt: pickup.expiresAt.toISOString(),
                failedAttempts: pickup.failedAttempts,
                locked: pickup.lockedAt !== null,
                reminded: pickup.remindedAt !== null,
              },
            }
          : {}),
      };
    });
  }
}
