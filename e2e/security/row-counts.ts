// "Writes nothing", measured: the row count of every table of every service's schema, taken once the
// background (outbox relays, consumers, sweepers) has gone quiet.
import type { RunningService } from '@omni/testing';

export type RowCounts = Record<string, number>;

/** `schema.table -> rows` for every base table of the services' schemas, in one query per service. */
export async function rowCounts(services: readonly RunningService[]): Promise<RowCounts> {
  const counts: RowCounts = {};
  for (const svc of services) {
    const tables = await svc.sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
      [svc.schema],
    );
    if (!tables.length) continue;
    const union = tables
      .map(({ table_name }) => `SELECT '${table_name}' AS t, count(*)::int AS n FROM "${svc.schema}"."${table_name}"`)
      .join(' UNION ALL ');
    for (const { t, n } of await svc.sql<{ t: string; n: number }>(union)) counts[`${svc.schema}.${t}`] = n;
  }
  return counts;
}

const unsent = async (services: readonly RunningService[]): Promise<number> => {
  let total = 0;
  for (const svc of services)
    total += (await svc.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`))[0].n;
  return total;
};

/**
 * The counts once quiet: every outbox sent and the same counts on `stableReads` reads in a row,
 * spaced by the relays' poll (a consumer's write shows within one). Throws if never quiet.
 */
export async function quietCounts(
  services: readonly RunningService[],
  { stableReads = 4, spacingMs = 300, timeoutMs = 60_000 } = {},
): Promise<RowCounts> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let same = 0;
  for (;;) {
    const counts = await rowCounts(services);
    const text = JSON.stringify(counts);
    same = text === last && (await unsent(services)) === 0 ? same + 1 : 0;
    if (same >= stableReads - 1) return counts;
    if (Date.now() > deadline) throw new Error(`the services never went quiet in ${timeoutMs} ms: ${text}`);
    last = text;
    await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
}

/** The tables whose counts differ, `table: before -> after`. */
export function changedTables(before: RowCounts, after: RowCounts): string[] {
  const tables = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return tables
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t] ?? 'absent'} -> ${after[t] ?? 'absent'}`);
}
