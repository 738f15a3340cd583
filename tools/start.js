#!/usr/bin/env node
// `npm start`: the whole system on one machine. Brings up Kafka and checks Postgres (tools/infra),
// creates the database if missing, builds, starts the services (each runs its migrations) and the store
// console (apps/console: its app built by Vite when its sources changed, served on CONSOLE_PORT), loads the
// demo data once, starts again a service that dies, and on Ctrl-C stops them cleanly (consumers leave their groups,
// relays flush) before exiting.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const infra = require('./infra/infra');
const { build } = require('./build');
const { buildConsole } = require('./console-build');
const { readEnvFile } = require('./env-file');
const { seedDemo } = require('./demo-seed');

const root = path.resolve(__dirname, '..');
const env = {
  ...readEnvFile(path.join(root, '.env.example')),
  ...readEnvFile(path.join(root, '.env')),
  ...process.env,
};
// Each service's port: <NAME>_PORT from the environment or .env, else its default. Launching, the
// readiness wait, the demo seed and the banner all use this one list.
const SERVICES = [
  ['inventory', 3001],
  ['orders', 3002],
  ['fulfilment', 3003],
  ['returns', 3004],
  ['webhooks', 3005],
].map(([name, port]) => [name, Number(env[`${name.toUpperCase()}_PORT`] ?? port)]);
// The store console's server: the built app, and the services' APIs under /api/<service>/ (tools/start.js
// points it at the ports above); in development (NODE_ENV, .env.example) it also mints sign-in tokens.
const CONSOLE_PORT = Number(env.CONSOLE_PORT ?? 3000);
const consoleEnv = {
  CONSOLE_PORT: String(CONSOLE_PORT),
  ...Object.fromEntries(SERVICES.map(([name, port]) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}`])),
};

async function ensureDatabase(url) {
  const target = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const name = target.pathname.slice(1);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

const RESTART_DELAY_MS = 1000;
const QUICK_EXIT_MS = 15_000;
const MAX_QUICK_EXITS = 3;

async function waitReady(name, port) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not become ready on :${port}`);
}

// The services log JSON lines (their production format); here, in a terminal, one readable line each,
// unless LOG_FORMAT=json asks for them as they are.
const pretty =
  env.LOG_FORMAT === 'json'
    ? null
    : require('pino-pretty').prettyFactory({
        colorize: Boolean(process.stdout.isTTY),
        singleLine: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service,context,correlationId,req,res,responseTime',
        messageFormat:
          '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url} -> {res.statusCode} in {responseTime} ms{end}',
      });

const readable = (line) => {
  if (!pretty || !line.startsWith('{')) return line;
  try {
    return pretty(line).replace(/\n$/, '');
  } catch {
    return line;
  }
};

function prefixLines(name, stream, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines)
      for (const part of readable(line).split('\n')) out.write(`${name.padEnd(10)} | ${part}\n`);
  });
}

async function main() {
  process.env.DATABASE_URL = env.DATABASE_URL;
  process.env.KAFKA_BROKERS = env.KAFKA_BROKERS;
  await infra.up();
  await ensureDatabase(env.DATABASE_URL);
  build();
  await buildConsole();

  const children = new Map();
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nstopping (${signal}): services close their consumers and flush their outboxes...`);
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  // A service that dies (a crash, kill -9) is started again, as a process manager would; one that
  // keeps dying within seconds of its start (bad config, a port taken) stops the whole system.
  const launch = (name, port, failures = 0) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/apps', name, 'src/main.js')], {
      cwd: root,
      env: { ...env, PORT: String(port), ...(name === 'console' ? consoleEnv : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(name, child.stdout, process.stdout);
    prefixLines(name, child.stderr, process.stderr);
    children.set(name, child);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        const quick = Date.now() - startedAt < QUICK_EXIT_MS ? failures + 1 : 0;
        if (quick >= MAX_QUICK_EXITS) {
          console.error(
            `${name} exited with ${code ?? signal} ${quick} times within seconds of starting; stopping the others`,
          );
          stop('exit');
        } else {
          console.error(`${name} exited with ${code ?? signal}; starting it again in ${RESTART_DELAY_MS} ms`);
          setTimeout(() => !stopping && launch(name, port, quick), RESTART_DELAY_MS);
          return;
        }
      } else {
        console.log(`${name} stopped (${code ?? signal})`);
      }
      if ([...children.values()].every((c) => c.exitCode !== null || c.signalCode !== null)) {
        // Nest re-raises the signal once its shutdown hooks have run: that is a clean stop too.
        const clean = [...children.values()].every((c) => c.exitCode === 0 || c.signalCode === 'SIGTERM');
        process.exit(clean && !process.exitCode ? 0 : 1);
      }
    });
  };
  const everything = [...SERVICES, ['console', CONSOLE_PORT]];
  for (const [name, port] of everything) launch(name, port);

  try {
    await Promise.all(everything.map(([name, port]) => waitReady(name, port)));
    await seedDemo({ inventoryUrl: `http://127.0.0.1:${SERVICES[0][1]}`, secret: env.JWT_SECRET });
  } catch (error) {
    // Never leave services running without the process that restarts and stops them.
    console.error(error.message);
    process.exitCode = 1;
    stop('start-up failed');
    return;
  }
  console.log('\nomni is up:');
  for (const [name, port] of SERVICES) console.log(`  ${name.padEnd(10)} http://127.0.0.1:${port}  (OpenAPI: /docs)`);
  const signIn = env.NODE_ENV === 'development' ? 'pick a store and a role to sign in' : 'sign in with a token';
  console.log(`  ${'console'.padEnd(10)} http://127.0.0.1:${CONSOLE_PORT}  (the store console: ${signIn})`);
  console.log(
    '  token:     npm run token -- --role admin\nCtrl-C stops the services; the broker keeps its data and runs on (npm run infra:down stops it).',
  );
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
