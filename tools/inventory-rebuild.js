#!/usr/bin/env node
/*
 * Recomputes inventory stock levels from the ledger and reports any drift, as one JSON document.
 *
 *   npm run inventory:rebuild                 check: exit 0 when levels match, 1 on drift
 *   npm run inventory:rebuild -- --apply      also rewrite drifted levels to the recomputed figures
 *   npm run inventory:rebuild -- --schema x   another schema (default $DATABASE_SCHEMA or "inventory")
 *
 * Recomputed per sku x location: on_hand = sum of movements' on_hand_delta, damaged = sum of
 * damaged_delta, reserved = what live hold lines and allocations still reserve. The check reads
 * one snapshot (REPEATABLE READ); --apply locks stock_levels against writers while it repairs.
 *
 * Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), DATABASE_SCHEMA.
 * Plain CommonJS with pg; `findDrift(client)` is exported for the integration test.
 */
'use strict';

const { Client } = require('pg');

const RECOMPUTED = `
  WITH ledger AS (
    SELECT sku, location_id, sum(on_hand_delta)::int AS on_hand, sum(damaged_delta)::int AS damaged
    FROM stock_movements GROUP BY sku, location_id
  ), promised AS (
    SELECT sku, location_id, sum(reserved)::int AS reserved FROM (
      SELECT sku, location_id, reserved FROM hold_lines WHERE reserved > 0
      UNION ALL
      SELECT sku, location_id, reserved FROM allocations WHERE reserved > 0
    ) p GROUP BY sku, location_id
  ), keys AS (
    SELECT sku, location_id FROM stock_levels
    UNION SELECT sku, location_id FROM ledger
    UNION SELECT sku, location_id FROM promised
  )
  SELECT k.sku, k.location_id AS "locationId",
         s.on_hand AS "onHand", s.damaged, s.reserved,
         COALESCE(g.on_hand, 0) AS "ledgerOnHand", COALESCE(g.damaged, 0) AS "ledgerDamaged", COALESCE(p.reserved, 0) AS "promised",
         s.sku IS NULL AS missing
  FROM keys k
  LEFT JOIN stock_levels s ON s.sku = k.sku AND s.location_id = k.location_id
  LEFT JOIN ledger g ON g.sku = k.sku AND g.location_id = k.location_id
  LEFT JOIN promised p ON p.sku = k.sku AND p.location_id = k.location_id`;

const DRIFTED = `
  SELECT * FROM (${RECOMPUTED}) r
  WHERE missing OR "onHand" <> "ledgerOnHand" OR damaged <> "ledgerDamaged" OR reserved <> promised
  ORDER BY sku, "locationId"`;

/** Levels whose figures differ from the ledger and the live promises (empty when all agree). */
async function findDrift(client) {
  const { rows } = await client.query(DRIFTED);
  return rows.map((r) => ({
    sku: r.sku,
    locationId: r.locationId,
    level: r.missing ? null : { onHand: r.onHand, damaged: r.damaged, reserved: r.reserved },
    recomputed: { onHand: r.ledgerOnHand, damaged: r.ledgerDamaged, reserved: r.promised },
  }));
}

async function counts(client) {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM stock_levels)::int AS levels, (SELECT count(*) FROM stock_movements)::int AS movements`,
  );
  return rows[0];
}

async function repair(client, drift) {
  for (const d of drift) {
    await client.query(
      `INSERT INTO stock_levels (sku, location_id, on_hand, damaged, reserved) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = EXCLUDED.on_hand, damaged = EXCLUDED.damaged,
         reserved = EXCLUDED.reserved, updated_at = clock_timestamp()`,
      [d.sku, d.locationId, d.recomputed.onHand, d.recomputed.damaged, d.recomputed.reserved],
    );
  }
}

function parseArgs(argv) {
  const args = { apply: false, schema: process.env.DATABASE_SCHEMA || 'inventory' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--apply') args.apply = true;
    else if (argv[i] === '--schema') args.schema = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(args.schema || '')) throw new Error(`invalid schema "${args.schema}"`);
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const client = new Client({
    connectionString: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    options: `-c search_path=${args.schema}`,
  });
  await client.connect();
  try {
    if (args.apply) {
      await client.query('BEGIN');
      // Writers wait while levels are rewritten; readers carry on.
      await client.query('LOCK TABLE stock_levels IN EXCLUSIVE MODE');
    } else {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    }
    const drift = await findDrift(client);
    if (args.apply) await repair(client, drift);
    const { levels, movements } = await counts(client);
    await client.query('COMMIT');
    const report = {
      schema: args.schema,
      levels,
      movements,
      drift: drift.length,
      ok: drift.length === 0,
      repaired: args.apply && drift.length > 0,
      details: drift,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return drift.length === 0 || args.apply ? 0 : 1;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`inventory-rebuild: ${error.message}\n`);
      process.exit(2);
    },
  );
}

module.exports = { findDrift };
