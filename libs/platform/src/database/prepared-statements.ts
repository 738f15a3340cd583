import { Client } from 'pg';

/**
 * A pg client that prepares each statement it is given with a values array once per connection,
 * and after that executes it by name. TypeORM passes one with every statement it builds and with
 * `query(text, params)`; BEGIN, COMMIT and a bare `query(text)` come without and run as before.
 * Postgres then neither parses, analyses nor (once it settles on a generic plan) plans a named
 * statement again: that was about a third of its CPU in the flash-sale checkout. TypeORM hands
 * this class to its pg pool through `extra.Client`, pg-pool's option for a client class.
 *
 * A process names at most `limit` distinct texts (DATABASE_PREPARED_STATEMENTS); any text beyond
 * them runs unnamed, as before, so a query built with a varying number of placeholders cannot grow
 * every connection's statements without bound. 0 names none, for a connection pooler that cannot
 * keep a connection's prepared statements (PgBouncer's transaction mode before 1.21).
 */
export function preparingClient(limit: number): typeof Client {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limit) names.set(text, (name = `omni_${names.size + 1}`));
    return name;
  };
  return class PreparingClient extends Client {
    // pg's query() has a dozen overloads; only the (text, values[, callback]) form is renamed.
    override query(...args: unknown[]): never {
      const [text, values] = args;
      const name = typeof text === 'string' && Array.isArray(values) ? nameOf(text) : undefined;
      const query = super.query as (...a: unknown[]) => never;
      return name ? query.call(this, { name, text, values }, ...args.slice(2)) : query.apply(this, args);
    }
  } as typeof Client;
}
