// The load's HTTP client, behaving like a real one behind a load balancer: requests alternate
// between a service's replicas; a network error, a timeout or a 5xx is retried with backoff, on
// the next replica, with the SAME Idempotency-Key, until a time budget runs out. Every attempt is
// written to the timeline the recovery figures are read from.
'use strict';

const jwt = require('jsonwebtoken');
const { sleep } = require('./lifecycle');

const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 2_000;

function mintToken(secret, { sub, role, channel, locations = [] }) {
  return jwt.sign({ role, ...(channel ? { channel } : {}), locations }, secret, {
    algorithm: 'HS256',
    subject: sub,
    expiresIn: '12h',
  });
}

class Api {
  constructor(cluster, lifecycle, secret) {
    this.cluster = cluster;
    this.lifecycle = lifecycle;
    this.secret = secret;
    this.turn = new Map();
    /** Every attempt: { t, service, replica, ok } (ok: the service answered below 500). */
    this.attempts = [];
    /** Every request, once answered or given up: { t (sent), service, status, gaveUp, attempts }. */
    this.requests = [];
    this.tokens = new Map();
  }

  token(caller) {
    const id = JSON.stringify(caller);
    if (!this.tokens.has(id)) this.tokens.set(id, mintToken(this.secret, caller));
    return this.tokens.get(id);
  }

  nextReplica(service) {
    const replicas = this.cluster.of(service);
    const n = this.turn.get(service) ?? Math.floor(Math.random() * replicas.length);
    this.turn.set(service, n + 1);
    return replicas[n % replicas.length];
  }

  /**
   * @param {string} service
   * @param {{method?: string, path: string, caller: object, body?: unknown, key?: string,
   *          budgetMs?: number, retryWhile?: (reply: {status: number, body: any}) => boolean}} request
   *   retryWhile: a 4xx that time may cure (a hold orders has not heard of yet), retried like a 5xx
   * @returns {Promise<{status: number, body: any, attempts: number, gaveUp: boolean, replayed: boolean, error?: string}>}
   */
  async call(service, { method = 'POST', path, caller, body, key, budgetMs = 60_000, retryWhile }) {
    const started = Date.now();
    const headers = {
      authorization: `Bearer ${this.token(caller)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { 'idempotency-key': key } : {}),
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let last = { status: 0, body: undefined, error: 'not sent' };
    for (let attempt = 1; ; attempt++) {
      const replica = this.nextReplica(service);
      last = await this.once(replica, method, path, headers, payload);
      this.attempts.push({ t: Date.now(), service, replica: replica.name, ok: last.status > 0 && last.status < 500 });
      const retriable =
        last.status === 0 ||
        last.status >= 500 ||
        last.status === 429 ||
        (last.status === 409 && /changed state concurrently/.test(last.body?.detail ?? '')) ||
        (last.status >= 400 && last.status < 500 && retryWhile?.(last) === true);
      const gaveUp = retriable && (Date.now() - started > budgetMs || !!this.lifecycle.aborted);
      if (!retriable || gaveUp) {
        this.requests.push({ t: started, service, status: last.status, gaveUp, attempts: attempt });
        return { ...last, attempts: attempt, gaveUp };
      }
      await sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(attempt - 1, 5)) + Math.random() * 100);
    }
  }

  async once(replica, method, path, headers, payload) {
    try {
      const res = await fetch(`${replica.url}${path}`, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const text = await res.text();
      let parsed;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = { raw: text.slice(0, 200) };
      }
      return { status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true' };
    } catch (error) {
      return {
        status: 0,
        body: undefined,
        error: error.name === 'TimeoutError' ? 'timeout' : (error.cause?.code ?? error.message),
      };
    }
  }
}

module.exports = { Api, mintToken };
