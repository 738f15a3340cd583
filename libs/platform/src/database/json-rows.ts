import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { StatementPart } from './query-rows';

const DATE_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone', 'timestamp', Date]);

/**
 * Entities from rows a statement answered as JSON (`row_to_json(t)`, `json_agg(t)`): one statement can
 * then read an aggregate and its children, where `find` costs a round trip per table, and a round trip
 * is most of a read's cost here. Keys are column names; each value is hydrated as TypeORM hydrates it
 * from a plain row (dates, bigints as strings, then transformers such as minor units).
 */
export function entitiesFromJson<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly Record<string, unknown>[] | null,
): T[] {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  return (rows ?? []).map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      let value = row[column.databaseName];
      // JSON has no dates and no 64-bit integers: give them the forms pg answers in a plain row.
      if (typeof value === 'string' && DATE_TYPES.has(column.type)) value = new Date(value);
      if (typeof value === 'number' && column.type === 'bigint') value = String(value);
      column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  });
}

/**
 * Inserting entities as a write that rides on another statement (a data-modifying CTE), so a row and
 * its children cost one round trip: each row goes as JSON with column names as keys, its values as
 * TypeORM writes them (after transformers such as minor units), and Postgres reads them back into the
 * table's row type (`json_populate_recordset`). For the types JSON carries as themselves: text,
 * numbers, booleans, timestamps, arrays, jsonb.
 */
export function insertPart<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entities: readonly T[],
): StatementPart {
  const metadata = manager.connection.getMetadata(target);
  // Generated columns (a sequence) take their default, as `insert` leaves them.
  const written = metadata.columns.filter((c) => c.isInsert && !c.isGenerated);
  const columns = written.map((c) => `"${c.databaseName}"`).join(', ');
  const table = metadata.tablePath
    .split('.')
    .map((name) => `"${name}"`)
    .join('.');
  const rows = entities.map((entity) =>
    Object.fromEntries(written.map((c) => [c.databaseName, c.getEntityValue(entity, true) ?? null])),
  );
  return (from) => ({
    sql: `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $${from}::json)`,
    params: [JSON.stringify(rows)],
  });
}
