import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

type Hook = (manager: EntityManager) => Promise<void>;

interface ActiveTransaction {
  manager: EntityManager;
  beforeCommit: Hook[];
  afterCommit: Array<() => void>;
  resources: Map<symbol, unknown>;
}

/**
 * The one way to run a use case in a transaction. Nested calls join the ambient transaction,
 * so an event handler, the inbox row and the use case it calls commit or roll back together
 * (Vendure's request-bound transactions, without passing the manager through every call).
 */
@Injectable()
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<ActiveTransaction>();

  constructor(private readonly dataSource: DataSource) {}

  /** The ambient transaction's manager, or the pool's outside a transaction (reads). */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const active = this.storage.getStore();
    if (active) return work(active.manager);
    const afterCommit: Array<() => void> = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const tx: ActiveTransaction = { manager, beforeCommit: [], afterCommit, resources: new Map() };
      // Hooks run in the transaction's context too, so one that calls back into TransactionHost stays inside it.
      return this.storage.run(tx, async () => {
        const value = await work(manager);
        for (const hook of tx.beforeCommit) await hook(manager);
        return value;
      });
    });
    for (const hook of afterCommit) hook();
    return result;
  }

  /** Runs once, inside the transaction, just before it commits (used to flush buffered writes). */
  beforeCommit(hook: Hook): void {
    this.require().beforeCommit.push(hook);
  }

  /** Runs once the transaction has committed; never if it rolls back. */
  afterCommit(hook: () => void): void {
    this.require().afterCommit.push(hook);
  }

  /** A value that lives as long as the ambient transaction (e.g. a buffer flushed before commit). */
  resource<T>(key: symbol, create: () => T): T {
    const active = this.require();
    if (!active.resources.has(key)) active.resources.set(key, create());
    return active.resources.get(key) as T;
  }

  private require(): ActiveTransaction {
    const active = this.storage.getStore();
    if (!active) throw new Error('this call must run inside TransactionHost.run()');
    return active;
  }
}
