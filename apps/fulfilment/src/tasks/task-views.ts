import { Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '@omni/contracts';
import { CursorCodec, TransactionHost } from '@omni/platform';
import { In } from 'typeorm';
import { FulfilmentOrdersService } from '../fulfilment-orders/fulfilment-orders.service';
import { Task } from '../fulfilment-orders/task.entity';
import { PickupsService } from '../pickups/pickups.service';
import { DEFAULT_TASK_PAGE, type TasksQuery, type TaskView } from './dto/task.dto';

const CREATED_MS = `date_trunc('milliseconds', t.created_at)`;

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
}

/** Which tasks a list holds, and the name its cursors are signed for. */
interface TaskList {
  name: string;
  where: string;
  params: Record<string, unknown>;
}

/** What staff see of tasks: the pick list with its lines and, for pickups, the window. */
@Injectable()
export class TaskViews {
  constructor(
    private readonly tx: TransactionHost,
    private readonly fulfilmentOrders: FulfilmentOrdersService,
    private readonly pickups: PickupsService,
    private readonly cursors: CursorCodec,
  ) {}

  /** A location's tasks, the pick list's order (oldest first) unless `sort=newest`. */
  atLocation(locationId: string, query: TasksQuery): Promise<TaskPage> {
    // 'tasks' is the name cursors were signed for before lists could be sorted: pages open then still turn.
    return this.page({ name: 'tasks', where: 't.location_id = :locationId', params: { locationId } }, query);
  }

  /** An order's tasks, all of them or those at `locationIds`. */
  ofOrder(orderId: string, locationIds: readonly string[] | null, query: TasksQuery): Promise<TaskPage> {
    const name = `order-tasks ${orderId}`;
    if (!locationIds) return this.page({ name, where: 't.order_id = :orderId', params: { orderId } }, query);
    return this.page({ name, where: 't.order_id = :orderId AND t.location_id IN (:...locationIds)', params: { orderId, locationIds } }, query);
  }

  /**
   * A page by keyset on (created, id), stable while tasks come and go. A cursor is signed for its list
   * and its direction, so one cannot be turned in the other direction or carried to another list.
   */
  private async page(list: TaskList, query: TasksQuery): Promise<TaskPage> {
    const limit = query.limit ?? DEFAULT_TASK_PAGE;
    const newest = query.sort === 'newest';
    // A prefix, so no list name (an order id may hold ':' and '.') can end up naming another list's other direction.
    const cursorList = newest ? `newest ${list.name}` : list.name;
    const direction = newest ? 'DESC' : 'ASC';
    const qb = this.tx.manager
      .createQueryBuilder(Task, 't')
      .where(list.where, list.params)
      // Milliseconds, as the cursor carries them: tasks of one transaction share a microsecond timestamp.
      .orderBy(CREATED_MS, direction)
      .addOrderBy('t.id', direction)
      .limit(limit + 1);
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.cursor) {
      const cursor = this.cursors.decodeKeyset(cursorList, query.cursor, UUID_PATTERN);
      qb.andWhere(`(${CREATED_MS}, t.id) ${newest ? '<' : '>'} (:cursorAt::timestamptz, :cursorId::uuid)`, { cursorAt: cursor.at, cursorId: cursor.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.of(page), nextCursor: rows.length > limit && last ? this.cursors.encodeKeyset(cursorList, { at: last.createdAt.toISOString(), id: last.id }) : null };
  }

  /** Whether any of the order's tasks is at one of `locationIds` (whatever its status). */
  async anyOfOrderAt(orderId: string, locationIds: readonly string[]): Promise<boolean> {
    return this.tx.manager.getRepository(Task).exists({ where: { orderId, locationId: In([...locationIds]) } });
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
