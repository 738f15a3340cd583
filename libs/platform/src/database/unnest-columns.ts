/**
 * Bulk statements send one array per column and turn them back into rows with `unnest`: one round
 * trip however many rows, and a fixed number of parameters. This builds the
 * `unnest($1::text[], $2::int[]) AS t(sku, qty)` fragment and its arrays from rows whose keys are the
 * column names, so a placeholder can never drift from its array or its type.
 */

/** The Postgres types bulk statements send, each column as an array of them. */
interface PgValues {
  text: string;
  uuid: string;
  int: number;
  bigint: number | string;
  bool: boolean;
  /** JSON text: the caller serialises (a string sent as jsonb is parsed, not quoted). */
  jsonb: string;
  timestamptz: Date | string;
}
export type PgArrayType = keyof PgValues;

export type UnnestColumns = Readonly<Record<string, PgArrayType>>;

/** A row of `columns`: every column named, of its type, or null. */
export type UnnestRow<C extends UnnestColumns> = { readonly [K in keyof C]: PgValues[C[K]] | null };

export interface UnnestOptions {
  /** The number of the first placeholder (default 1): parameters before it are the statement's own. */
  from?: number;
  /** Adds `WITH ORDINALITY` and names the position column (1-based, in the rows' order). */
  ordinality?: string;
}

export interface Unnested {
  /** `unnest($1::text[], ...) AS alias(col, ...)` */
  readonly sql: string;
  /** One array per column, in the columns' order: the parameters of the placeholders in `sql`. */
  readonly params: unknown[][];
  /** The next free placeholder number after these. */
  readonly next: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function unnestColumns<const C extends UnnestColumns>(
  alias: string,
  columns: C,
  rows: ReadonlyArray<NoInfer<UnnestRow<C>>>,
  { from = 1, ordinality }: UnnestOptions = {},
): Unnested {
  const names = Object.keys(columns);
  for (const name of [alias, ...names, ...(ordinality ? [ordinality] : [])]) {
    if (!IDENTIFIER.test(name)) throw new Error(`unnestColumns: "${name}" is not a plain SQL identifier`);
  }
  if (!names.length) throw new Error('unnestColumns: no columns');
  const placeholders = names.map((name, i) => `$${from + i}::${columns[name]}[]`).join(', ');
  const named = ordinality ? [...names, ordinality] : names;
  return {
    sql: `unnest(${placeholders})${ordinality ? ' WITH ORDINALITY' : ''} AS ${alias}(${named.join(', ')})`,
    params: names.map((name) => rows.map((row) => (row as Record<string, unknown>)[name] ?? null)),
    next: from + names.length,
  };
}
