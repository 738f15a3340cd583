import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
