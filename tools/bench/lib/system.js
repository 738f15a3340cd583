// The whole system for a bench: the four services built (dist/), each on a schema of its own in the
// bench database, sharing one event log (a topic prefix of the run's own). Schemas are dropped at stop.
'use strict';

const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const { benchPort } = require('./service');

const SERVICES = [
  { name: 'inventory', port: benchPort(3921) },
  { name: 'orders', port: benchPort(3922) },
  { name: 'fulfilment', port: benchPort(3923) },
  { name: 'returns', port: benchPort(3924) },
];

/**
 * Starts `names` one after the other (each creates the topics at start) and answers
 * { services: {name: {url, child, stop, schema}}, prefix, db, stop() }; `db` is a client of the
 * bench database for assertions (schema-qualified queries).
 */
async function startSystem(ctx, names = SERVICES.map((s) => s.name), extraEnv = {}) {
  const suffix = randomBytes(3).toString('hex');
  const prefix = `bench${suffix}.`;
  const services = {};
  const db = new Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  const stop = async () => {
    await Promise.allSettled(Object.values(services).map((s) => s.stop()));
    for (const s of Object.values(services))
      await db.query(`DROP SCHEMA IF EXISTS ${s.schema} CASCADE`).catch(() => undefined);
    await db.end();
  };
  try {
    for (const name of names) {
      const { port } = SERVICES.find((s) => s.name === name);
      const schema = `${name}_bench_${suffix}`;
      const svc = await ctx.startService({
        main: `dist/apps/${name}/src/main.js`,
        port,
        env: {
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          DATABASE_URL: ctx.databaseUrl,
          DATABASE_SCHEMA: schema,
          KAFKA_BROKERS: ctx.kafkaBrokers,
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_GROUP_ID: `${name}-bench-${suffix}`,
          JWT_SECRET: ctx.jwtSecret,
          ...extraEnv,
        },
      });
      services[name] = { ...svc, name, schema };
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, prefix, db, stop };
}

module.exports = { startSystem };
