import { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import type { Metrics } from '../../metrics.ts';
import type { BacklogGauge } from '../../backlog.ts';
import { deliveryLag } from '../../workflow/deliveries.ts';
import { ping } from '../../db/health.ts';
import { HealthSchema, ReadinessSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import type { AppEnv } from '../types.ts';

const Liveness = operation({
  method: 'get',
  path: '/healthz',
  operationId: 'getLiveness',
  tag: 'system',
  access: 'public',
  summary: 'Liveness: the process is up',
  answers: { 200: { description: 'Up', json: HealthSchema } },
});

const Readiness = operation({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  tag: 'system',
  access: 'public',
  summary: 'Readiness: the database is reachable',
  answers: { 200: { description: 'Ready', json: ReadinessSchema } },
  errors: { 503: { description: 'Not ready: the database does not answer', json: ReadinessSchema } },
});

const MetricsScrape = operation({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  tag: 'system',
  access: 'public',
  summary: 'Prometheus metrics (requests by route, parcels by outcome, backlog, webhook lag, limits)',
  answers: { 200: { description: 'Prometheus text exposition format', text: true } },
});

/** Liveness, readiness and metrics: unauthenticated, as probes and scrapers expect. */
export function healthRoutes(db: Db, metrics: Metrics, backlog: BacklogGauge) {
  const app = new OpenAPIHono<AppEnv>();
  serve(app, Liveness, (c) => c.json({ status: 'ok' }));
  serve(app, Readiness, async (c) => {
    try {
      await ping(db);
      return c.json({ status: 'ready', database: db.dialect });
    } catch {
      return c.json({ status: 'unavailable', database: db.dialect }, 503);
    }
  });
  serve(app, MetricsScrape, async (c) => {
    metrics.backlog.set(await backlog.current({ wait: true }));
    const lag = await deliveryLag(db);
    metrics.webhookOldestUndelivered.set(lag.oldestSeconds);
    metrics.webhookOwnersBehind.set(lag.ownersBehind);
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}
