// Readiness probes: is a Kafka broker (not just any listener) serving, does Postgres accept connections.
'use strict';

const net = require('node:net');
const { config, parseBrokers, parseDatabaseUrl } = require('./config');
const { run } = require('./util');

/** Resolves true if a TCP connection to host:port succeeds within timeoutMs. */
function tcpReachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Sends a Kafka ApiVersions v0 request and resolves true if the broker answers with error_code 0.
 * This proves a Kafka broker (not just any TCP listener) is serving requests on host:port.
 */
function kafkaApiVersions(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const clientId = Buffer.from('infra-probe');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    let o = 0;
    o = body.writeInt16BE(18, o); // api_key: ApiVersions
    o = body.writeInt16BE(0, o); // api_version 0
    o = body.writeInt32BE(0x1f2e3d4c, o); // correlation_id
    o = body.writeInt16BE(clientId.length, o);
    clientId.copy(body, o);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length, 0);

    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    let buf = Buffer.alloc(0);
    const done = (ok) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readInt32BE(0);
      if (buf.length < 4 + len) return;
      const ok = len >= 10 && buf.readInt32BE(4) === 0x1f2e3d4c && buf.readInt16BE(8) === 0 && buf.readInt32BE(10) > 0;
      done(ok);
    });
    socket.once('end', () => done(false));
  });
}

/**
 * True if at least one of the brokers (default: KAFKA_BROKERS or 127.0.0.1:KAFKA_PORT) answers a
 * Kafka ApiVersions request.
 */
async function kafkaReady(brokers) {
  const list = brokers
    ? Array.isArray(brokers)
      ? parseBrokers(brokers.join(','))
      : parseBrokers(brokers)
    : config().brokers;
  const results = await Promise.all(list.map((b) => kafkaApiVersions(b.host, b.port)));
  return results.some(Boolean);
}

let pgIsReadyAvailable; // cached: undefined = unknown
/** True if Postgres at `url` (default DATABASE_URL) accepts TCP connections and, if installed, pg_isready agrees. */
async function postgresReady(url) {
  const db = parseDatabaseUrl(url || config().databaseUrl);
  if (!(await tcpReachable(db.host, db.port))) return false;
  if (pgIsReadyAvailable === false) return true;
  const r = await run(
    'pg_isready',
    ['-q', '-h', db.host, '-p', String(db.port), '-U', db.user, '-d', db.database, '-t', '3'],
    { timeout: 10_000 },
  );
  if (r.error && r.error.code === 'ENOENT') {
    pgIsReadyAvailable = false;
    return true;
  }
  pgIsReadyAvailable = true;
  return r.code === 0;
}

module.exports = { tcpReachable, kafkaApiVersions, kafkaReady, postgresReady };
