#!/usr/bin/env node
// Prints a bearer token for local calls and scripts:
//   npm run token -- --role store --channel pos --locations s-001,s-002 [--sub alice] [--ttl 12h]
// Signed like the services verify it (HS256, JWT_SECRET). The secret is looked up the way
// tools/start.js builds the services' environment (process env, then .env), falling back to the
// dev default of .env.example, so a token minted here is accepted by a locally started stack.
const path = require('node:path');
const { parseArgs } = require('node:util');
const jwt = require('jsonwebtoken');
const { readEnvFile } = require('./env-file');

// Keep in step with ROLES (libs/platform/src/auth/principal.ts) and CHANNELS (libs/contracts/src/envelope.ts);
// this script is plain JS so it runs without a TypeScript build.
const ROLES = ['admin', 'channel', 'store'];
const CHANNELS = ['web', 'app', 'pos', 'callcenter', 'marketplace'];
const DEV_SECRET = 'dev-secret-change-me-0123456789';
const EX_USAGE = 2;

const USAGE =
  'usage: npm run token -- --role admin|channel|store [--channel web|app|pos|callcenter|marketplace] [--locations s-001,s-002] [--sub alice] [--ttl 12h]';

function fail(message) {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(EX_USAGE);
}

function readOptions(argv) {
  try {
    return parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        channel: { type: 'string' },
        locations: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: '12h' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail(error.message);
  }
}

// Keep in step with defaultSubject (libs/platform/src/auth/token.ts): each store and channel principal its own subject.
function defaultSubject(role, channel, locations) {
  if (role === 'store') return `store:${[...new Set(locations)].sort().join(',')}`;
  if (role === 'channel') return `channel:${channel ?? 'none'}`;
  return role;
}

function main() {
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { role, channel, sub, ttl } = options;
  if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role ?? null)})`);
  if (channel !== undefined && !CHANNELS.includes(channel))
    fail(`--channel must be one of ${CHANNELS.join(', ')} (got "${channel}")`);
  const locations = (options.locations ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  // A store principal without locations would be refused everywhere: almost certainly a typo.
  if (role === 'store' && locations.length === 0) fail('--locations is required for --role store');
  if (sub !== undefined && sub.trim() === '') fail('--sub must not be empty');

  const root = path.resolve(__dirname, '..');
  const secret = process.env.JWT_SECRET || readEnvFile(path.join(root, '.env')).JWT_SECRET || DEV_SECRET;
  const claims = { role, ...(channel ? { channel } : {}), locations };
  const subject = sub ?? defaultSubject(role, channel, locations);
  // jsonwebtoken reads a bare numeric string as milliseconds; on the command line it means seconds.
  const expiresIn = /^\d+$/.test(ttl) ? Number(ttl) : ttl;
  try {
    process.stdout.write(`${jwt.sign(claims, secret, { algorithm: 'HS256', subject, expiresIn })}\n`);
  } catch (error) {
    fail(`cannot sign: ${error.message} (--ttl takes e.g. 30m, 12h, 7d or seconds)`);
  }
}

main();
