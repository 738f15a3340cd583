import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { answerClientError, applyServerLimits } from './server-limits';

/** Sends raw bytes and resolves with everything the server wrote before it closed the connection. */
function exchange(server: Server, bytes: string): Promise<string> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('applyServerLimits', () => {
  let server: Server;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    applyServerLimits(server, {
      HTTP_HEADERS_TIMEOUT_MS: 400,
      HTTP_REQUEST_TIMEOUT_MS: 800,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 1000,
    });
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sets the timeouts on the server', () => {
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([400, 800, 1000]);
    expect((server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(100);
  });

  it('answers a request that is not HTTP with a 400 problem and closes the connection', async () => {
    const answer = await exchange(server, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/);
    expect(answer).toMatch(/\r\nCache-Control: no-store\r\n/);
    expect(bodyOf(answer)).toEqual({
      type: 'urn:omni:problem:invalid-request',
      title: 'Bad Request',
      status: 400,
      detail: 'the request is not valid HTTP',
    });
  });

  it('answers headers beyond Node’s limit with a 431 problem', async () => {
    const answer = await exchange(server, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer)).toMatchObject({ status: 431, detail: 'the request headers are too large' });
  });

  it('answers a request whose headers never finish with a 408 problem once the headers timeout passes', async () => {
    const started = Date.now();
    const answer = await exchange(server, 'GET / HTTP/1.1\r\nHost: x\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(bodyOf(answer)).toMatchObject({ status: 408, detail: 'the request was not received in time' });
  });
});
