import { Logger } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { ReplicatedCache } from './replicated-cache';

interface Entry {
  id: string;
  value: number;
  updatedAt: string;
}

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

class Table extends ReplicatedCache<string, Entry> {
  rows: Entry[] = [];
  loads = 0;
  failNext = false;
  readonly events = new Subject<Entry>();

  constructor() {
    super('table', 1000);
  }

  protected async load(): Promise<Entry[]> {
    this.loads++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database away');
    }
    return this.rows.map((r) => ({ ...r }));
  }

  protected changes(): Observable<Entry> {
    return this.events;
  }

  protected keyOf(entry: Entry): string {
    return entry.id;
  }

  get(id: string): Entry | undefined {
    return this.entry(id);
  }

  all(): Entry[] {
    return this.allEntries();
  }
}

describe('ReplicatedCache', () => {
  let table: Table;

  beforeEach(() => {
    jest.useFakeTimers();
    table = new Table();
  });

  afterEach(async () => {
    await table.onModuleDestroy();
    jest.useRealTimers();
  });

  it('holds the whole table once bootstrapped', async () => {
    table.rows = [
      { id: 'a', value: 1, updatedAt: at(1) },
      { id: 'b', value: 2, updatedAt: at(1) },
    ];
    await table.onApplicationBootstrap();
    expect(table.all().map((e) => e.id)).toEqual(['a', 'b']);
    expect(table.get('b')?.value).toBe(2);
  });

  it('takes the newer of two versions, whether from its own commit or another replica’s event', async () => {
    await table.onApplicationBootstrap();
    table.apply({ id: 'a', value: 2, updatedAt: at(2) });
    table.events.next({ id: 'a', value: 1, updatedAt: at(1) }); // an older event arriving late
    expect(table.get('a')?.value).toBe(2);
    table.events.next({ id: 'a', value: 3, updatedAt: at(3) });
    expect(table.get('a')?.value).toBe(3);
  });

  it('changes its version whenever an entry may have changed, and not for a stale one', async () => {
    await table.onApplicationBootstrap();
    const loaded = table.version;
    table.apply({ id: 'a', value: 2, updatedAt: at(2) });
    expect(table.version).toBe(loaded + 1);
    table.apply({ id: 'a', value: 1, updatedAt: at(1) });
    expect(table.version).toBe(loaded + 1);
  });

  it('reloads periodically, so a change whose event it missed still arrives, and survives a failed reload', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await table.onApplicationBootstrap();
    table.rows = [{ id: 'missed', value: 7, updatedAt: at(5) }];
    table.failNext = true;
    await jest.advanceTimersByTimeAsync(1000);
    expect(table.get('missed')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('table reload failed: database away');
    warn.mockRestore();
    await jest.advanceTimersByTimeAsync(1000);
    expect(table.get('missed')?.value).toBe(7);
    expect(table.loads).toBe(3);
  });

  it('stops listening and reloading on shutdown', async () => {
    await table.onApplicationBootstrap();
    await table.onModuleDestroy();
    table.events.next({ id: 'late', value: 1, updatedAt: at(9) });
    await jest.advanceTimersByTimeAsync(5000);
    expect(table.get('late')).toBeUndefined();
    expect(table.loads).toBe(1);
  });
});
