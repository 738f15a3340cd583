// What the tools/infra specs share: a stand-in Kafka that answers ApiVersions, free ports, a
// scratch INFRA_DIR and an environment restored after each test. No real broker or database.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** Listens on 127.0.0.1 and answers every request like a broker answers ApiVersions (or with `reply`). */
async function fakeKafka({ reply } = {}) {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (request) => {
      if (reply) return socket.end(reply);
      const correlationId = request.readInt32BE(8);
      const body = Buffer.alloc(4 + 2 + 4 + 6);
      body.writeInt32BE(correlationId, 0);
      body.writeInt16BE(0, 4); // error_code: none
      body.writeInt32BE(1, 6); // one api
      body.writeInt16BE(18, 10); // ApiVersions, v0..v3
      body.writeInt16BE(0, 12);
      body.writeInt16BE(3, 14);
      const size = Buffer.alloc(4);
      size.writeInt32BE(body.length, 0);
      socket.end(Buffer.concat([size, body]));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A port nothing listens on (free a moment ago). */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A listener that accepts connections and never answers: a port in use by something that is not Kafka. */
async function silentListener() {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const scratchDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'omni-infra-spec-'));

const KNOBS = [
  'INFRA_DIR',
  'KAFKA_PORT',
  'KAFKA_CONTROLLER_PORT',
  'KAFKA_BROKERS',
  'KAFKA_START_TIMEOUT_MS',
  'KAFKA_JARS_DIR',
  'DATABASE_URL',
  'JAVA_HOME',
];

/** Clears every variable tools/infra reads before each test and puts the old values back after it. */
function isolateEnv() {
  const saved = {};
  beforeEach(() => {
    for (const name of KNOBS) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const name of KNOBS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
}

module.exports = { fakeKafka, closedPort, silentListener, scratchDir, isolateEnv, KNOBS };
