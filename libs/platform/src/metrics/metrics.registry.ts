import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The process's one Prometheus registry: add service metrics here so /metrics exposes them. */
export const metricsRegistry = new Registry();
// The event-loop lag histogram samples the loop on a timer of this resolution, and every sample wakes
// the process: prom-client's default (10 ms) cost ~4 ms of CPU per second here on its own, 100 ms
// still ~1 ms (an idle service's whole budget is 5). At 500 ms every stall of half a second or more
// (what turns into timeouts) shows as the lag of the next sample; shorter ones show in proportion.
const EVENT_LOOP_MONITORING_PRECISION_MS = 500;
collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration in seconds, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
