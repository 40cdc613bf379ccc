import { Hono } from 'hono';
import type { Db } from '../../db/connect.ts';
import type { Metrics } from '../../metrics.ts';
import type { BacklogGauge } from '../../backlog.ts';
import { deliveryLag } from '../../workflow/deliveries.ts';
import { ping } from '../../db/health.ts';

/** Liveness, readiness and metrics: unauthenticated, as probes and scrapers expect. */
export function healthRoutes(db: Db, metrics: Metrics, backlog: BacklogGauge) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await ping(db);
      return c.json({ status: 'ready', database: db.dialect });
    } catch {
      return c.json({ status: 'unavailable', database: db.dialect }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    metrics.backlog.set(await backlog.current({ wait: true }));
    const lag = await deliveryLag(db);
    metrics.webhookOldestUndelivered.set(lag.oldestSeconds);
    metrics.webhookOwnersBehind.set(lag.ownersBehind);
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}
