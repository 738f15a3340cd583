import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import { FulfilmentOrdersService } from '../fulfilment-orders/fulfilment-orders.service';
import { Task, type TaskStatus } from '../fulfilment-orders/task.entity';
import { PickupsService } from '../pickups/pickups.service';
import type { TaskView } from './dto/task.dto';

const PAGE = 200;

/** What staff see of tasks: the pick list with its lines and, for pickups, the window. */
@Injectable()
export class TaskViews {
  constructor(
    private readonly tx: TransactionHost,
    private readonly fulfilmentOrders: FulfilmentOrdersService,
    private readonly pickups: PickupsService,
  ) {}

  async atLocation(locationId: string, status?: TaskStatus): Promise<TaskView[]> {
    const tasks = await this.tx.manager.find(Task, { where: { locationId, ...(status ? { status } : {}) }, order: { createdAt: 'ASC' }, take: PAGE });
    return this.of(tasks);
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
