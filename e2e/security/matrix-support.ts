// What the authorization matrix needs beyond @omni/testing: the routes a running service serves,
// raw requests (with any Authorization header, or none), and a fingerprint of every table's rows.
import { servedRoutes as platformRoutes } from '@omni/platform';
import { Client } from 'pg';
import type { RunningService } from '@omni/testing';

/**
 * `<METHOD> <path>` for every route the service's Fastify instance routes (Nest's controllers and the
 * docs), and `ALL (not found)`: Fastify's not-found handler, which answers every other path.
 */
export function servedRoutes(svc: RunningService): string[] {
  return [...platformRoutes(svc.app), 'ALL (not found)'];
}

export interface RawReply {
  status: number;
  contentType: string;
  text: string;
}

/** One request with exactly the Authorization header given (none when undefined); streams are cut after the head. */
export async function rawCall(
  url: string,
  method: string,
  path: string,
  authorization: string | undefined,
  body?: unknown,
): Promise<RawReply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      signal: controller.signal,
      headers: {
        ...(authorization === undefined ? {} : { authorization }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const contentType = res.headers.get('content-type') ?? '';
    // An event stream that was (wrongly) opened would never end: its head is all the matrix needs.
    const text = contentType.startsWith('text/event-stream') ? (controller.abort(), '') : await res.text();
    return { status: res.status, contentType, text };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every table of the given schemas, each as its row count and a digest of its rows (the outbox by
 * event id only: the relay stamps sent_at on rows long written). Equal fingerprints: nothing written.
 */
export class TableFingerprint {
  private query = '';

  private constructor(private readonly client: Client) {}

  static async open(connectionString: string, schemas: readonly string[]): Promise<TableFingerprint> {
    const client = new Client({ connectionString });
    await client.connect();
    const fingerprint = new TableFingerprint(client);
    const { rows } = await client.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
        WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      [schemas],
    );
    fingerprint.query = rows
      .map(({ schema, table }) => {
        const name = `"${schema}"."${table}"`;
        const row = table === 'outbox' ? 't.id::text' : 't::text';
        const digest = `md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), ''))`;
        return `SELECT '${schema}.${table}' AS name, count(*)::int AS n, ${digest} AS digest FROM ${name} t`;
      })
      .join('\nUNION ALL\n');
    return fingerprint;
  }

  get tables(): number {
    return this.query ? this.query.split('UNION ALL').length : 0;
  }

  async take(): Promise<Map<string, string>> {
    const { rows } = await this.client.query<{ name: string; n: number; digest: string }>(this.query);
    return new Map(rows.map((r) => [r.name, `${r.n}:${r.digest}`]));
  }

  /** The tables whose rows differ between two fingerprints. */
  static changed(before: Map<string, string>, after: Map<string, string>): string[] {
    return [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
