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
  webhookDeliveries: Counter<'event' | 'result'>;
  webhookAttemptsToDeliver: Histogram;
  webhookOldestUndelivered: Gauge;
  webhookOwnersBehind: Gauge;
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
    // Counted by the node that made the attempt (sum over nodes); event names are a closed set.
    webhookDeliveries: new Counter({
      name: 'parcelscreen_webhook_deliveries_total',
      help: 'Webhook delivery attempts by event and result: succeeded (the message is delivered) or failed (it stays due, retried with backoff); their sum is the attempts made',
      labelNames: ['event', 'result'],
      registers: [registry],
    }),
    webhookAttemptsToDeliver: new Histogram({
      name: 'parcelscreen_webhook_attempts_per_delivery',
      help: 'Attempts a webhook message took until it was delivered',
      buckets: [1, 2, 3, 5, 10, 20, 50],
      registers: [registry],
    }),
    // Read from the database at each scrape (every node reports the same value): overall rather
    // than per owner, whose number grows with the customers (a label per owner is a series each).
    webhookOldestUndelivered: new Gauge({
      name: 'parcelscreen_webhook_oldest_undelivered_seconds',
      help: 'Age of the oldest message not yet delivered to a webhook (owners that only pull are left out); 0 when none waits',
      registers: [registry],
    }),
    webhookOwnersBehind: new Gauge({
      name: 'parcelscreen_webhook_owners_behind',
      help: 'Owners with a webhook whose oldest undelivered message is over a minute old',
      registers: [registry],
    }),
  };
}

/** The deliverer's `onAttempt`, counting into `metrics`. */
export function countWebhookAttempt(metrics: Metrics) {
  return ({ event, ok, attempt }: { event: string; ok: boolean; attempt: number }): void => {
    metrics.webhookDeliveries.inc({ event, result: ok ? 'succeeded' : 'failed' });
    if (ok) metrics.webhookAttemptsToDeliver.observe(attempt);
  };
}
