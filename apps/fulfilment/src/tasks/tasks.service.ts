import { Injectable } from '@nestjs/common';
import {
  FulfilmentOrderRejected,
  PickupHandedOver,
  PROBLEMS,
  ReadyForPickup,
  ShipmentDelivered,
  ShipmentDispatched,
  ShortPicked,
  TaskProgressed,
  type FulfilmentRejectionReason,
} from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import {
  mayActOnTask,
  notFoundProblem,
  ProblemException,
  TransactionHost,
  validationProblem,
  type Principal,
} from '@omni/platform';
import { In } from 'typeorm';
import { CapacityService } from '../capacity/capacity.service';
import { FulfilmentOrderLine } from '../fulfilment-orders/fulfilment-order.entity';
import { TaskFacts } from './task-facts';
import { Task } from './task.entity';
import type { HandoverOutcome } from '../pickups/pickups.rules';
import { PickupsService } from '../pickups/pickups.service';
import type { DeliverDto, PickDto, ShipDto, TaskView } from './dto/task.dto';
import { TaskViews } from './task-views';
import { deliveredAtProblem, evaluatePick, transitionProblem, type TaskAction } from './tasks.rules';

const linesOf = (lines: readonly FulfilmentOrderLine[]) =>
  lines.map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty }));

/** Staff work on tasks; each action is one transaction, its events published with it. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly views: TaskViews,
    private readonly pickups: PickupsService,
    private readonly facts: TaskFacts,
    private readonly capacity: CapacityService,
  ) {}

  async get(principal: Principal, id: string): Promise<TaskView> {
    const task = await this.tx.manager.findOne(Task, { where: { id } });
    // Another store's task is answered like a missing one.
    if (!task || !mayActOnTask(principal, task)) throw notFound(id);
    return (await this.views.of([task]))[0];
  }

  pick(principal: Principal, id: string, body: PickDto): Promise<TaskView> {
    return this.step(principal, id, 'pick', async (task, open) => {
      const result = evaluatePick(linesOf(open), body.lines);
      if (!result.ok) throw validationProblem(result.errors);
      await this.setLines(
        task,
        result.picked.map((l) => l.orderLineId),
        'picked',
        body.lines,
      );
      await this.setLines(
        task,
        result.short.map((l) => l.orderLineId),
        'moved',
        body.lines,
      );
      const ref = { orderId: task.orderId, fulfilmentOrderId: task.fulfilmentOrderId, locationId: task.locationId };
      if (result.short.length) {
        this.events.publish(ShortPicked, task.orderId, {
          ...ref,
          lines: result.short.map(({ orderLineId, sku, qty, pickedQty, shortQty }) => ({
            orderLineId,
            sku,
            qty,
            pickedQty,
            shortQty,
          })),
        });
      }
      if (result.picked.length) {
        await this.setStatus(task, 'to_pack');
        this.events.publish(TaskProgressed, task.orderId, { ...ref, taskId: task.id, step: 'picked' });
      } else {
        await this.setStatus(task, 'rejected', 'nothing found on the shelf (short pick)');
      }
      if (result.short.length) {
        await this.facts.tell({
          kind: 'lines-short',
          orderId: task.orderId,
          locationId: task.locationId,
          lineIds: result.short.map((l) => l.orderLineId),
        });
      }
    });
  }

  pack(principal: Principal, id: string): Promise<TaskView> {
    return this.step(principal, id, 'pack', async (task) => {
      await this.setStatus(task, 'packed');
      this.events.publish(TaskProgressed, task.orderId, {
        orderId: task.orderId,
        fulfilmentOrderId: task.fulfilmentOrderId,
        locationId: task.locationId,
        taskId: task.id,
        step: 'packed',
      });
    });
  }

  /** The code is issued here and travels only in the event (for the customer's notification), never in the response. */
  ready(principal: Principal, id: string): Promise<TaskView> {
    return this.step(principal, id, 'ready', async (task, _open, picked) => {
      const { code, expiresAt } = await this.pickups.issue(task, new Date());
      await this.setStatus(task, 'ready_for_pickup');
      this.announceReady(task, picked, code, expiresAt);
    });
  }

  /** A new code for a waiting pickup, sent to the customer as ready-for-pickup again (a locked pickup, a lost message). */
  reissueCode(principal: Principal, id: string): Promise<TaskView> {
    return this.step(principal, id, 'reissue', async (task, _open, picked) => {
      const { code, expiresAt } = await this.pickups.reissue(task.fulfilmentOrderId, new Date());
      this.announceReady(task, picked, code, expiresAt);
    });
  }

  private announceReady(task: Task, picked: FulfilmentOrderLine[], code: string, expiresAt: Date): void {
    this.events.publish(ReadyForPickup, task.orderId, {
      orderId: task.orderId,
      fulfilmentOrderId: task.fulfilmentOrderId,
      locationId: task.locationId,
      lines: linesOf(picked),
      expiresAt: expiresAt.toISOString(),
      pickupCode: code,
    });
  }

  /** A wrong code is counted in a transaction that commits; only then is the request refused (422, or 423 once locked). */
  async handover(principal: Principal, id: string, code: string): Promise<TaskView> {
    const { view, result } = await this.act(
      principal,
      id,
      'handover',
      async (task, _open, picked): Promise<HandoverOutcome> => {
        const outcome = await this.pickups.attempt(task.fulfilmentOrderId, code, new Date());
        if (outcome.kind !== 'picked_up') return outcome;
        await this.setStatus(task, 'picked_up');
        await this.facts.tell({ kind: 'goods-left', orderId: task.orderId, lineIds: picked.map((l) => l.orderLineId) });
        this.events.publish(PickupHandedOver, task.orderId, {
          orderId: task.orderId,
          fulfilmentOrderId: task.fulfilmentOrderId,
          locationId: task.locationId,
          lines: linesOf(picked),
        });
        return outcome;
      },
    );
    if (result.kind === 'wrong_code') {
      throw new ProblemException(
        PROBLEMS.wrongPickupCode,
        `the code does not match; ${result.remainingAttempts} attempt(s) left`,
        { remainingAttempts: result.remainingAttempts },
      );
    }
    if (result.kind === 'locked') {
      throw new ProblemException(PROBLEMS.pickupLocked, 'too many wrong codes: the pickup is locked');
    }
    if (result.kind === 'expired' || result.kind === 'closed') {
      throw new ProblemException(
        PROBLEMS.pickupClosed,
        result.kind === 'expired' ? 'the pickup window has closed' : `the pickup is ${result.status}`,
      );
    }
    return view;
  }

  ship(principal: Principal, id: string, body: ShipDto): Promise<TaskView> {
    return this.step(principal, id, 'ship', async (task, _open, picked) => {
      await this.tx.manager.update(
        Task,
        { id: task.id },
        { status: 'shipped', carrier: body.carrier, trackingNumber: body.trackingNumber, updatedAt: new Date() },
      );
      await this.facts.tell({ kind: 'goods-left', orderId: task.orderId, lineIds: picked.map((l) => l.orderLineId) });
      this.events.publish(ShipmentDispatched, task.orderId, {
        orderId: task.orderId,
        fulfilmentOrderId: task.fulfilmentOrderId,
        locationId: task.locationId,
        lines: linesOf(picked),
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
      });
    });
  }

  /** The carrier delivered a shipped task: its picked lines reach the customer (orders marks them delivered; returns counts its window from here). */
  deliver(principal: Principal, id: string, body: DeliverDto): Promise<TaskView> {
    const now = new Date();
    const deliveredAt = body?.deliveredAt ? new Date(body.deliveredAt) : now;
    const problem = deliveredAtProblem(deliveredAt, now);
    if (problem) throw validationProblem([{ field: 'deliveredAt', message: problem }]);
    return this.step(principal, id, 'deliver', async (task, _open, picked) => {
      await this.tx.manager.update(Task, { id: task.id }, { status: 'delivered', deliveredAt, updatedAt: now });
      this.events.publish(ShipmentDelivered, task.orderId, {
        orderId: task.orderId,
        fulfilmentOrderId: task.fulfilmentOrderId,
        lines: linesOf(picked),
        deliveredAt: deliveredAt.toISOString(),
      });
    });
  }

  /** The location gives the work back; its lines are sourced again elsewhere. `no_capacity` also closes it to new work today. */
  reject(principal: Principal, id: string, reason: FulfilmentRejectionReason, note?: string): Promise<TaskView> {
    return this.step(principal, id, 'reject', async (task, open, picked) => {
      const lines = [...open, ...picked];
      await this.setLines(
        task,
        lines.map((l) => l.orderLineId),
        'moved',
      );
      await this.setStatus(task, 'rejected', note ? `${reason}: ${note}` : reason);
      if (reason === 'no_capacity') await this.capacity.closeForToday(task.locationId, new Date());
      this.events.publish(FulfilmentOrderRejected, task.orderId, {
        orderId: task.orderId,
        fulfilmentOrderId: task.fulfilmentOrderId,
        locationId: task.locationId,
        reason,
        lines: linesOf(lines),
      });
      await this.facts.tell({
        kind: 'work-rejected',
        orderId: task.orderId,
        locationId: task.locationId,
        lineIds: lines.map((l) => l.orderLineId),
      });
    });
  }

  /** One step of staff work, answered with the task as it now stands. */
  private async step(
    principal: Principal,
    id: string,
    action: TaskAction,
    work: (task: Task, open: FulfilmentOrderLine[], picked: FulfilmentOrderLine[]) => Promise<void>,
  ): Promise<TaskView> {
    return (await this.act(principal, id, action, work)).view;
  }

  /** Locks the task, checks who may act and whether the step is possible now, runs it, and answers with the task as it stands. */
  private async act<R = void>(
    principal: Principal,
    id: string,
    action: TaskAction,
    work: (task: Task, open: FulfilmentOrderLine[], picked: FulfilmentOrderLine[]) => Promise<R>,
  ): Promise<{ view: TaskView; result: R }> {
    return this.tx.run(async (m) => {
      const task = await m.findOne(Task, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task || !mayActOnTask(principal, task)) throw notFound(id);
      const problem = transitionProblem(action, task.status, task.deliveryType);
      if (problem) throw new ProblemException(PROBLEMS.taskState, problem, { taskStatus: task.status });
      const lines = await m.find(FulfilmentOrderLine, {
        where: { fulfilmentOrderId: task.fulfilmentOrderId, status: In(['open', 'picked']) },
        order: { orderLineId: 'ASC' },
      });
      const result = await work(
        task,
        lines.filter((l) => l.status === 'open'),
        lines.filter((l) => l.status === 'picked'),
      );
      const fresh = await m.findOneOrFail(Task, { where: { id } });
      return { view: (await this.views.of([fresh]))[0], result };
    });
  }

  private async setStatus(task: Task, status: Task['status'], reason: string | null = null): Promise<void> {
    await this.tx.manager.update(Task, { id: task.id }, { status, reason, updatedAt: new Date() });
  }

  private async setLines(
    task: Task,
    lineIds: readonly string[],
    status: FulfilmentOrderLine['status'],
    reported: ReadonlyArray<{ orderLineId: string; pickedQty: number }> = [],
  ): Promise<void> {
    const found = new Map(reported.map((r) => [r.orderLineId, r.pickedQty]));
    for (const orderLineId of lineIds) {
      await this.tx.manager.update(
        FulfilmentOrderLine,
        { fulfilmentOrderId: task.fulfilmentOrderId, orderLineId },
        { status, ...(found.has(orderLineId) ? { pickedQty: found.get(orderLineId) } : {}) },
      );
    }
  }
}

const notFound = (id: string) => notFoundProblem('task', id);
