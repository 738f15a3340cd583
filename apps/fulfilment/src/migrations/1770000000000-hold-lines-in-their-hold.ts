import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hold's lines live in its row (`holds.lines`, what it still reserves: `[{sku, locationId, qty}]`,
 * empty once it is no longer active): a changelog record then rewrites a hold with one row's upsert,
 * atomic in the one statement that applies a batch, where a separate lines table needed a
 * transaction and a delete and an insert after it. Holds known only by their lines (from before
 * holds had a state) keep them, as active and older than any record.
 */
export class HoldLinesInTheirHold1770000000000 implements MigrationInterface {
  name = 'HoldLinesInTheirHold1770000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE holds ADD COLUMN lines jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      INSERT INTO holds AS h (hold_id, status, updated_at, lines)
      SELECT hold_id, 'active', '-infinity', jsonb_agg(jsonb_build_object('sku', sku, 'locationId', location_id, 'qty', qty) ORDER BY line_no)
      FROM hold_lines GROUP BY hold_id
      ON CONFLICT (hold_id) DO UPDATE SET lines = EXCLUDED.lines WHERE h.status = 'active'`);
    await q.query(`DROP TABLE hold_lines`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hold_lines (
        hold_id text NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        qty integer NOT NULL,
        PRIMARY KEY (hold_id, line_no)
      )`);
    await q.query(`
      INSERT INTO hold_lines (hold_id, line_no, sku, location_id, qty)
      SELECT h.hold_id, l.no, l.line->>'sku', l.line->>'locationId', (l.line->>'qty')::int
      FROM holds h, jsonb_array_elements(h.lines) WITH ORDINALITY AS l(line, no)`);
    await q.query(`ALTER TABLE holds DROP COLUMN lines`);
  }
}
