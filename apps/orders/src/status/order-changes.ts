import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Wakes the reads waiting for an order to change (GET /v1/orders/{id} with `Prefer: wait`) when this
 * process commits a step of its journey. A change another replica commits is not heard here: a
 * waiting read also looks again every so often (OrderWatch), so it answers it a little later.
 */
@Injectable()
export class OrderChanges implements OnModuleDestroy {
  private readonly waiting = new Map<string, Set<() => void>>();
  private closing = false;

  /** How many reads wait on the order here now. */
  waitingOn(orderId: string): number {
    return this.waiting.get(orderId)?.size ?? 0;
  }

  /** This process committed a change to the order. */
  changed(orderId: string): void {
    const wakes = this.waiting.get(orderId);
    if (!wakes) return;
    this.waiting.delete(orderId);
    for (const wake of wakes) wake();
  }

  /**
   * `changed` resolves when the order changes here or after `ms`, true either way; false once the
   * service is stopping (every waiting read then answers at once rather than hold up the shutdown).
   * `stop()` stops listening (the read no longer waits).
   */
  next(orderId: string, ms: number): { changed: Promise<boolean>; stop(): void } {
    if (this.closing) return { changed: Promise.resolve(false), stop: () => undefined };
    let wake: () => void = () => undefined;
    const changed = new Promise<boolean>((resolve) => {
      const wakes = this.waiting.get(orderId) ?? new Set<() => void>();
      this.waiting.set(orderId, wakes);
      wake = () => {
        clearTimeout(timer);
        wakes.delete(wake);
        if (!wakes.size && this.waiting.get(orderId) === wakes) this.waiting.delete(orderId);
        resolve(!this.closing);
      };
      const timer = setTimeout(wake, ms);
      wakes.add(wake);
    });
    return { changed, stop: () => wake() };
  }

  onModuleDestroy(): void {
    this.closing = true;
    for (const wakes of [...this.waiting.values()]) for (const wake of [...wakes]) wake();
    this.waiting.clear();
  }
}
