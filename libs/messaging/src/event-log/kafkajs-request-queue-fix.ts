/**
 * Two timers of kafkajs 2.2.4 (its last release) in every broker connection's request queue, which
 * keep an idle process busy (measured here: most of an idle service's CPU; a process holds half a
 * dozen connections). Both patched once, on kafkajs's own RequestQueue, when the event log loads,
 * and only on the version they were read from: another kafkajs is left exactly as it is.
 *
 * - checkPendingRequests() schedules itself again after every run, with a negative delay (1 ms)
 *   when nothing is throttled, even when no request waits: a 1 ms loop for as long as the
 *   connection lives (tulios/kafkajs#1556, #1704; the fix, #1667, was never released). That timer
 *   only ever serves requests waiting in `pending` (behind maxInFlightRequests or a broker's
 *   throttle), and push() schedules it as soon as one waits: with none pending, nothing is scheduled.
 * - The request-timeout check runs every 100 ms per connection, for timeouts of 30 s (requestTimeout;
 *   a fetch's is longer still). Checked every REQUEST_TIMEOUT_CHECK_MS instead, a request that never
 *   gets an answer fails at most that much later than its timeout; the check itself is kafkajs's.
 *   Each check wakes the process (about 0.1 ms of CPU here), and a service holds 3 to 5 connections:
 *   at 1 s that alone was most of an idle service's budget of 5 ms per second.
 */
interface InflightRequest {
  sentAt: number;
  requestTimeout: number;
  timeoutRequest(): void;
}

interface RequestQueueInternals {
  pending: unknown[];
  inflight: Map<number, InflightRequest>;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId: NodeJS.Timeout | null;
  isConnected(): boolean;
  destroy(): void;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
}

const PATCHED_VERSION = '2.2.4';
const REQUEST_TIMEOUT_CHECK_MS = 5000;

function patchRequestQueue(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_VERSION) return;
  // A private module of kafkajs (no "exports" map hides it); its class is what every connection uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  const proto = RequestQueue.prototype;
  const scheduleCheckPendingRequests = proto.scheduleCheckPendingRequests;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.pending.length) scheduleCheckPendingRequests.call(this);
  };
  proto.scheduleRequestTimeoutCheck = function (this: RequestQueueInternals) {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this.requestTimeoutIntervalId = setInterval(
      () => {
        this.inflight.forEach((request) => {
          if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
        });
        if (!this.isConnected()) this.destroy();
      },
      Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS),
    );
  };
}

patchRequestQueue();
