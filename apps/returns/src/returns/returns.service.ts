import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ItemsReceived, ReturnAuthorised, ReturnCancelled, type ReturnMethod } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import {
  forbiddenProblem,
  mayCancelReturn,
  mayReadReturn,
  mayReceiveReturn,
  mayStartReturnOf,
  TransactionHost,
  type Principal,
} from '@omni/platform';
import { OrdersProjectionService } from '../orders-projection/orders-projection.service';
import { checkReturn, feeBpsFor } from '../policy/policy.rules';
import { PolicyService } from '../policy/policy.service';
import type { AuthoriseReturnDto, ReceivedLineDto, ReturnLineDto, ReturnView, WalkInReturnDto } from './dto/return.dto';
import { LineFactsReader } from './line-facts';
import {
  orderNotYours,
  orderUnknown,
  returnInWrongState,
  returnNotFound,
  returnRefused,
  returnRuleBroken,
} from './return-problems';
import { ReturnAccess, type ReturnScope } from './return-access';
import { ReturnViews } from './return-views';
import { ReturnLineRecord, ReturnRecord } from './return.entity';
import { cancelProblem, planReceipt } from './returns.rules';

interface ReturnTo {
  method: ReturnMethod;
  locationId: string;
}

/** Authorise, receive, walk in, cancel: each one transaction, its events written with it. */
@Injectable()
export class ReturnsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly orders: OrdersProjectionService,
    private readonly policy: PolicyService,
    private readonly views: ReturnViews,
    private readonly access: ReturnAccess,
    private readonly lineFacts: LineFactsReader,
  ) {}

  authorise(principal: Principal, dto: AuthoriseReturnDto): Promise<ReturnView> {
    return this.tx.run(async () => {
      const record = await this.authoriseInTx(principal, dto.orderId, dto.returnTo, dto.lines);
      return this.view(record.id);
    });
  }

  receive(principal: Principal, id: string, locationId: string, counted?: ReceivedLineDto[]): Promise<ReturnView> {
    return this.tx.run(async () => {
      const record = await this.lock(id);
      const facts = await this.visibleTo(principal, record);
      if (!mayReceiveReturn(principal, facts, locationId)) {
        throw forbiddenProblem(`return ${id} is to come back to ${record.returnLocationId}, not ${locationId}`);
      }
      await this.receiveInTx(principal, record, locationId, counted);
      return this.view(id);
    });
  }

  /** The customer is at the counter: the return is authorised and received at this store together, or not at all. */
  walkIn(principal: Principal, dto: WalkInReturnDto): Promise<ReturnView> {
    return this.tx.run(async () => {
      const record = await this.authoriseInTx(
        principal,
        dto.orderId,
        { method: 'in-store', locationId: dto.locationId },
        dto.lines,
      );
      await this.receiveInTx(principal, record, dto.locationId);
      return this.view(record.id);
    });
  }

  cancel(principal: Principal, id: string): Promise<ReturnView> {
    return this.tx.run(async (manager) => {
      const record = await this.lock(id);
      const facts = await this.visibleTo(principal, record);
      if (!mayCancelReturn(principal, facts))
        throw forbiddenProblem(`principal "${principal.sub}" may not cancel return ${id}`);
      const problem = cancelProblem(record.status);
      if (problem) throw returnInWrongState(problem);
      await manager.update(ReturnRecord, { id }, { status: 'cancelled', cancelledAt: new Date() });
      this.events.publish(ReturnCancelled, id, { returnId: id, orderId: record.orderId });
      return this.view(id);
    });
  }

  async get(principal: Principal, id: string): Promise<ReturnView> {
    const view = await this.views.byId(id);
    if (!view) throw returnNotFound(id);
    if (!mayReadReturn(principal, await this.access.factsOf(scopeOf(view)))) throw returnNotFound(id);
    return view;
  }

  /**
   * The returns of an order the caller may read. An admin and the order's channel see them all; a store those it
   * has a say in. An order returns has not heard of is "not yet" (order-unknown); anyone else, or a store with none
   * of its returns, gets "not yours" (not-found).
   */
  async forOrder(principal: Principal, orderId: string): Promise<ReturnView[]> {
    const orderChannel = await this.access.orderChannel(orderId);
    const views = await this.views.forOrder(orderId);
    const ordersChannel =
      principal.role === 'channel' && orderChannel !== undefined && orderChannel === principal.channel;
    if (principal.role === 'admin' || ordersChannel) return views;
    if (orderChannel === undefined) throw orderUnknown(orderId);
    const readable: ReturnView[] = [];
    for (const v of views) {
      if (mayReadReturn(principal, await this.access.factsOf(scopeOf(v), orderChannel))) readable.push(v);
    }
    if (!readable.length) throw orderNotYours(orderId);
    return readable;
  }

  /** The access facts of a return the caller may read; a 404 (as for a missing one) otherwise. */
  private async visibleTo(principal: Principal, record: ReturnRecord) {
    const facts = await this.access.factsOf(record);
    if (!mayReadReturn(principal, facts)) throw returnNotFound(record.id);
    return facts;
  }

  private async authoriseInTx(
    principal: Principal,
    orderId: string,
    returnTo: ReturnTo,
    requested: readonly ReturnLineDto[],
  ): Promise<ReturnRecord> {
    const sold = await this.orders.soldLines(orderId, { lock: true });
    if (!sold.length) throw orderUnknown(orderId);
    // Scoped like orders: another channel's order is not that channel client's to return.
    if (!mayStartReturnOf(principal, sold[0].line.channel)) throw orderNotYours(orderId);
    const facts = await this.lineFacts.of(orderId, sold);
    const policy = await this.policy.current();
    const rules = await this.policy.rulesFor([...new Set(sold.map((s) => s.line.sku))], policy);
    const now = new Date();
    const violations = checkReturn(requested, facts, (sku) => rules.get(sku) ?? fail(`no rule for ${sku}`), now);
    if (violations.length) throw returnRefused(violations);

    const bySoldLine = new Map(sold.map((s) => [s.line.orderLineId, s.line]));
    const first = bySoldLine.get(requested[0].orderLineId) ?? fail('checked line vanished');
    const record = this.tx.manager.create(ReturnRecord, {
      id: randomUUID(),
      orderId,
      status: 'authorised',
      channel: principal.channel ?? null,
      customerId: first.customerId,
      returnMethod: returnTo.method,
      returnLocationId: returnTo.locationId,
      receivedLocationId: null,
      currency: first.currency,
      refundTotalMinor: null,
      authorisedBy: principal.sub,
      authorisedAt: now,
    });
    await this.tx.manager.insert(ReturnRecord, record);
    const lines = requested.map((r) => {
      const line = bySoldLine.get(r.orderLineId) ?? fail('checked line vanished');
      return this.tx.manager.create(ReturnLineRecord, {
        returnId: record.id,
        orderLineId: r.orderLineId,
        sku: line.sku,
        reason: r.reason,
        authorisedQty: r.qty,
        receivedQty: null,
        unitPriceMinor: line.unitPriceMinor,
        feeBps: feeBpsFor(policy, r.reason),
      });
    });
    await this.tx.manager.insert(ReturnLineRecord, lines);
    this.events.publish(ReturnAuthorised, record.id, {
      returnId: record.id,
      orderId,
      ...(principal.channel ? { channel: principal.channel } : {}),
      returnTo: { method: returnTo.method, locationId: returnTo.locationId },
      lines: lines.map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, qty: l.authorisedQty, reason: l.reason })),
      authorisedAt: now.toISOString(),
    });
    record.lines = lines;
    return record;
  }

  private async receiveInTx(
    principal: Principal,
    record: ReturnRecord,
    locationId: string,
    counted?: readonly ReceivedLineDto[],
  ): Promise<void> {
    const lines = record.lines ?? (await this.tx.manager.find(ReturnLineRecord, { where: { returnId: record.id } }));
    const plan = planReceipt(record.status, lines, counted);
    if (!plan.ok)
      throw plan.rule === 'return-status'
        ? returnInWrongState(plan.detail)
        : returnRuleBroken(plan.rule, plan.detail, plan.orderLineId);
    for (const line of plan.lines) {
      await this.tx.manager.update(
        ReturnLineRecord,
        { returnId: record.id, orderLineId: line.orderLineId },
        { receivedQty: line.qty },
      );
    }
    const receivedAt = new Date();
    await this.tx.manager.update(
      ReturnRecord,
      { id: record.id },
      { status: 'received', receivedLocationId: locationId, receivedBy: principal.sub, receivedAt },
    );
    const skuOf = new Map(lines.map((l) => [l.orderLineId, l.sku]));
    this.events.publish(ItemsReceived, record.id, {
      returnId: record.id,
      orderId: record.orderId,
      locationId,
      lines: plan.lines
        .filter((l) => l.qty > 0)
        .map((l) => ({ orderLineId: l.orderLineId, qty: l.qty, sku: skuOf.get(l.orderLineId) })),
    });
  }

  private async lock(id: string): Promise<ReturnRecord> {
    const record = await this.tx.manager.findOne(ReturnRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw returnNotFound(id);
    return record;
  }

  private async view(id: string): Promise<ReturnView> {
    return (await this.views.byId(id)) ?? fail(`return ${id} vanished inside its own transaction`);
  }
}

function scopeOf(view: ReturnView): ReturnScope {
  const { orderId, channel, returnTo, received } = view;
  return { orderId, channel, returnLocationId: returnTo.locationId, receivedLocationId: received?.locationId ?? null };
}

function fail(message: string): never {
  throw new Error(message);
}
