'use strict';

const { kafkaApiVersions, kafkaReady, postgresReady, tcpReachable } = require('./probe');
const { closedPort, fakeKafka, isolateEnv, silentListener } = require('./spec-support');

describe('tools/infra readiness probes', () => {
  isolateEnv();

  it('tells a Kafka broker answering ApiVersions from a port that is closed', async () => {
    const kafka = await fakeKafka();
    try {
      expect(await kafkaApiVersions('127.0.0.1', kafka.port)).toBe(true);
      expect(await kafkaApiVersions('127.0.0.1', await closedPort())).toBe(false);
    } finally {
      await kafka.close();
    }
  });

  it('tells a broker from any other listener: one that answers something else, or nothing within the timeout', async () => {
    const http = await fakeKafka({ reply: 'HTTP/1.1 400 Bad Request\r\n\r\n' });
    const silent = await silentListener();
    try {
      expect(await kafkaApiVersions('127.0.0.1', http.port)).toBe(false);
      const started = Date.now();
      expect(await kafkaApiVersions('127.0.0.1', silent.port, 300)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await tcpReachable('127.0.0.1', silent.port)).toBe(true);
    } finally {
      await http.close();
      await silent.close();
    }
  });

  it('is ready when any one of the brokers answers, given as a list, an array or KAFKA_BROKERS', async () => {
    const kafka = await fakeKafka();
    const dead = await closedPort();
    try {
      expect(await kafkaReady(`127.0.0.1:${dead},127.0.0.1:${kafka.port}`)).toBe(true);
      expect(await kafkaReady([`127.0.0.1:${dead}`])).toBe(false);
      process.env.KAFKA_BROKERS = `127.0.0.1:${kafka.port}`;
      expect(await kafkaReady()).toBe(true);
    } finally {
      await kafka.close();
    }
  });

  it('says Postgres is not ready when nothing listens at DATABASE_URL', async () => {
    expect(await tcpReachable('127.0.0.1', await closedPort())).toBe(false);
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    expect(await postgresReady()).toBe(false);
  });
});
