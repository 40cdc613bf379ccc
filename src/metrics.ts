/**
 * Prometheus metrics. Each app gets its own registry so tests and several apps in one process
 * never share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  parcels: Counter<'outcome'>;
  backlog: Gauge;
  decisions: Counter;
  engineErrors: Counter;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'parcelscreen_http_requests_total',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'parcelscreen_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    parcels: new Counter({
      name: 'parcelscreen_parcels_total',
      help: 'Parcels received, by outcome: accepted, rejected or duplicate',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'parcelscreen_decisions_total',
      help: 'Screening decisions written',
      registers: [registry],
    }),
    engineErrors: new Counter({
      name: 'parcelscreen_screening_engine_errors_total',
      help: 'Parcels decided review because the screening engine failed on them (engine_error reason)',
      registers: [registry],
    }),
    backlog: new Gauge({
      name: 'parcelscreen_pending_backlog',
      help: 'Parcels stored and not yet screened',
      registers: [registry],
    }),
  };
}
