import { Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '@omni/contracts';
import { CursorCodec, TransactionHost } from '@omni/platform';
import { In } from 'typeorm';
import { FulfilmentOrdersService } from '../fulfilment-orders/fulfilment-orders.service';
import { Task } from './task.entity';
import { PickupsService } from '../pickups/pickups.service';
import { DEFAULT_TASK_PAGE, type TasksQuery, type TaskView } from './dto/task.dto';

const CREATED_MS = `date_trunc('milliseconds', t.created_at)`;

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
}

/** Which tasks a list holds. */
interface TaskFilter {
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
    return this.page('tasks', query, async () => ({ where: 't.location_id = :locationId', params: { locationId } }));
  }

  /**
   * An order's tasks, those at the locations `scope` answers (null: all of them). `scope` decides who may
   * see what and may throw; it runs after the cursor is checked, so bad input is a 400 before any lookup.
   */
  ofOrder(orderId: string, query: TasksQuery, scope: () => Promise<readonly string[] | null>): Promise<TaskPage> {
    return this.page(`order-tasks ${orderId}`, query, async () => {
      const locationIds = await scope();
      if (!locationIds) return { where: 't.order_id = :orderId', params: { orderId } };
      return {
        where: 't.order_id = :orderId AND t.location_id IN (:...locationIds)',
        params: { orderId, locationIds },
      };
    });
  }

  /**
   * A page by keyset on (created, id), stable while tasks come and go. A cursor is signed for its list
   * and its direction, so one cannot be turned in the other direction or carried to another list.
   */
  private async page(name: string, query: TasksQuery, filter: () => Promise<TaskFilter>): Promise<TaskPage> {
    const limit = query.limit ?? DEFAULT_TASK_PAGE;
    const newest = query.sort === 'newest';
    // A prefix, so no list name (an order id may hold ':' and '.') can end up naming another list's other direction.
    const cursorList = newest ? `newest ${name}` : name;
    const cursor = query.cursor ? this.cursors.decodeKeyset(cursorList, query.cursor, UUID_PATTERN) : undefined;
    const { where, params } = await filter();
    const direction = newest ? 'DESC' : 'ASC';
    const qb = this.tx.manager
      .createQueryBuilder(Task, 't')
      .where(where, params)
      // Milliseconds, as the cursor carries them: tasks of one transaction share a microsecond timestamp.
      .orderBy(CREATED_MS, direction)
      .addOrderBy('t.id', direction)
      .limit(limit + 1);
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (cursor) {
      qb.andWhere(`(${CREATED_MS}, t.id) ${newest ? '<' : '>'} (:cursorAt::timestamptz, :cursorId::uuid)`, {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.of(page),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encodeKeyset(cursorList, { at: last.createdAt.toISOString(), id: last.id })
          : null,
    };
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
