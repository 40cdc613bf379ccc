/**
 * The HTTP application: middleware (request id, logging, metrics, auth) and the route modules.
 * Built from its dependencies so tests drive it with `app.request()` on a real database.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { BacklogGauge } from './backlog.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { isUniqueViolation } from './db/retry.ts';
import { CLIENT_CLOSED_REQUEST, isClientAbort } from './http/client-abort.ts';
import { authenticate, KeyCache } from './http/auth.ts';
import { errorResponse } from './http/errors.ts';
import { openApiDocument } from './http/openapi.ts';
import { docsRoutes } from './http/docs.ts';
import { healthRoutes } from './http/routes/health.ts';
import { manifestRoutes } from './http/routes/manifests.ts';
import { applicationRoutes } from './http/routes/applications.ts';
import { indicatorRoutes } from './http/routes/indicators.ts';
import { registryRoutes } from './http/routes/registry.ts';
import { RegistryWarnings } from './registry/warnings.ts';
import { parcelRoutes } from './http/routes/parcels.ts';
import { parcelLookupRoutes } from './http/routes/parcel-lookup.ts';
import { keyRoutes } from './http/routes/keys.ts';
import { recordKeyUse } from './db/api-keys.ts';
import { KeyUsage } from './keys/usage.ts';
import { feedRoutes } from './http/routes/feeds.ts';
import { deliveryRoutes } from './http/routes/deliveries.ts';
import { oversightRoutes } from './http/routes/oversight.ts';
import { caseRoutes } from './http/routes/cases.ts';
import { declarantRoutes } from './http/routes/declarant.ts';
import { procedureSettings } from './workflow/settings.ts';
import { limitMetrics } from './http/limit-metrics.ts';
import { requestLimits, type RequestLimitsConfig } from './http/request-limits.ts';
import { storableUrl } from './http/storable-url.ts';
import { noUndeclaredQuery, queryTable } from './http/query.ts';
import { operation, serve } from './http/operation.ts';
import { RecordSchema } from './http/contract.ts';
import { methodNotAllowed } from './http/method-not-allowed.ts';
import type { AppEnv } from './http/types.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { ManifestReader } from './ingest/manifest-reader.ts';
import { targetPolicy, type Resolver } from './workflow/webhook-target.ts';
import { consoleRoutes } from './console/routes.tsx';

const OpenApiDocument = operation({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tag: 'system',
  access: 'public',
  summary: 'This document: every route of the API with its parameters, bodies, answers and errors',
  answers: { 200: { description: 'OpenAPI 3.1', json: RecordSchema('an OpenAPI 3.1 document') } },
});

export interface AppDeps {
  db: Db;
  config: Pick<
    Config,
    | 'MAX_BODY_BYTES'
    | 'MAX_PARCELS_PER_MANIFEST'
    | 'BACKLOG_LIMIT'
    | 'BACKLOG_RETRY_AFTER_SECONDS'
    | 'APPLICATION_MIN_VALIDITY_DAYS'
    | 'RESCREEN_WITHIN_DAYS'
    | 'CONFIRM_WORKING_DAYS'
    | 'NOTIFY_SHARE_CONSIGNEE'
    | 'CUSTOMS_OFFICES'
    | 'CUSTOMS_COUNTRY'
    | 'WEBHOOK_ALLOW_HTTP_HOSTS'
    | 'WEBHOOK_TIMEOUT_MS'
    | 'WEBHOOK_MAX_RESPONSE_BYTES'
    | 'KEY_ROTATION_GRACE_SECONDS'
    | 'CONSOLE_SECURE_COOKIES'
    | 'CONSOLE_SESSION_IDLE_MINUTES'
    | 'CONSOLE_SESSION_MAX_HOURS'
    | 'CONSOLE_SIGNIN_ATTEMPTS'
    | 'MAX_JSON_DEPTH'
  > &
    RequestLimitsConfig;
  logger: Logger;
  metrics: Metrics;
  backlog: BacklogGauge;
  reader: ManifestReader;
  /** Resolves webhook hosts (the system's resolver when absent; tests inject one). */
  webhookResolver?: Resolver;
  /** Called after a manifest's parcels are committed (wakes the screening dispatcher). */
  onAccepted?: () => void;
  /** The procedure's clock (deadlines, answers, outcomes); tests pass a fake one. */
  clock?: () => Date;
  /** Called after an owner asked for a redelivery: lifts the owner's pause in this node's deliverer. */
  onRedeliver?: (owner: string) => void;
}

export function createApp(deps: AppDeps) {
  const { db, config, logger, metrics, backlog, reader, onAccepted } = deps;
  const procedure = procedureSettings(config, deps.clock);
  const app = new OpenAPIHono<AppEnv>();
  // Which routes take query parameters: their declarations say (src/http/query.ts).
  const undeclaredQuery = noUndeclaredQuery(() => queryTable(app));

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('log', log);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const labels = { method: c.req.method, route: routePath(c, -1), status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    log.debug({ ...labels, path: c.req.path, ms: Math.round(seconds * 1000) }, 'request');
  });

  // Public routes of the contract take no query either; the API's routes are checked after authentication.
  app.use(async (c, next) => (c.req.path.startsWith('/v1/') ? next() : undeclaredQuery(c, next)));
  app.route('/', healthRoutes(db, metrics, backlog));
  // Generated on the first request, when every route is declared.
  let spec: ReturnType<typeof openApiDocument> | null = null;
  serve(app, OpenApiDocument, (c) => c.json((spec ??= openApiDocument(app))));
  app.route('/docs', docsRoutes());

  // Large JSON bodies are parsed in the ingest pool; see src/http/body.ts.
  const jsonBodies = { reader, maxDepth: config.MAX_JSON_DEPTH };
  app.use(async (c, next) => {
    c.set('jsonBodies', jsonBodies);
    await next();
  });
  const keyUsage = new KeyUsage((id, at) => recordKeyUse(db, id, at), (err) => logger.warn({ err }, 'could not record a key\'s last use'));
  const keyCache = new KeyCache();
  // Limits after authentication (an anonymous caller gets a 401, not a read); see request-limits.ts.
  const limits = requestLimits(config, limitMetrics(metrics.registry));
  app.use('/v1/*', authenticate(db, { usage: keyUsage, cache: keyCache, limits: limits.auth }));
  app.use('/v1/*', limits.perKey);
  app.use('/v1/*', storableUrl());
  app.use('/v1/*', undeclaredQuery);
  app.use('/v1/*', limits.bodySize);
  app.use('/v1/*', limits.bodyBudget);
  app.route(
    '/v1/manifests',
    manifestRoutes({
      db,
      reader,
      onAccepted: onAccepted ?? (() => {}),
      metrics,
      backlog,
      maxParcels: config.MAX_PARCELS_PER_MANIFEST,
      maxDepth: config.MAX_JSON_DEPTH,
      backlogLimit: config.BACKLOG_LIMIT,
      retryAfterSeconds: config.BACKLOG_RETRY_AFTER_SECONDS,
    }),
  );

  const registrySettings = { minValidityDays: config.APPLICATION_MIN_VALIDITY_DAYS, rescreenWithinDays: config.RESCREEN_WITHIN_DAYS };
  app.route('/v1/applications', applicationRoutes(db, registrySettings));
  app.route('/v1/indicators', indicatorRoutes(db, registrySettings));
  const registryWarnings = new RegistryWarnings((bundle, date) => reader.registryWarnings(bundle, date));
  app.route('/v1/registry', registryRoutes(db, registrySettings, registryWarnings));
  // Before the customs-only /v1/parcels routes: operators look up their own parcels here too.
  app.route('/v1/parcels/by-item', parcelLookupRoutes(db));
  app.route('/v1/parcels', parcelRoutes(db, { ...procedure, rescreenWithinDays: config.RESCREEN_WITHIN_DAYS }));
  app.route('/v1/cases', caseRoutes(db, procedure));
  app.route('/v1/manifests', declarantRoutes(db, procedure));
  app.route('/v1/keys', keyRoutes(db, { rotationGraceSeconds: config.KEY_ROTATION_GRACE_SECONDS, forget: (id) => keyCache.forget(id) }));
  const webhookPolicy = targetPolicy(config.WEBHOOK_ALLOW_HTTP_HOSTS, deps.webhookResolver);
  app.route('/v1/webhooks/deliveries', deliveryRoutes(db, deps.onRedeliver ?? (() => {})));
  app.route('/v1', feedRoutes(db, { policy: webhookPolicy, limits: { timeoutMs: config.WEBHOOK_TIMEOUT_MS, maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES } }));
  app.route('/v1', oversightRoutes(db));

  // The web console: HTML pages over the same services, behind its own sessions (src/console/).
  app.route('/console', consoleRoutes({ db, logger, config, reader, registryWarnings, forgetKey: (id) => keyCache.forget(id), workflow: { ...procedure, rescreenWithinDays: config.RESCREEN_WITHIN_DAYS }, registry: registrySettings, webhooks: { policy: webhookPolicy, limits: { timeoutMs: config.WEBHOOK_TIMEOUT_MS, maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES } } }));

  app.notFound((c) => methodNotAllowed(app as never, c) ?? errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    // Two requests creating the same thing at once: the database's unique key decides, the loser hears 409.
    if (isUniqueViolation(err)) return errorResponse(c, 409, 'conflict', 'a concurrent request created the same thing; read it back or retry');
    if (isClientAbort(err, c)) {
      c.get('log')?.debug({ err: (err as Error).message }, 'client disconnected before the request was read');
      return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    }
    c.get('log')?.error({ err }, 'unhandled error');
    return errorResponse(c, 500, 'internal', 'internal error; the request id is in the X-Request-Id header');
  });
  return app;
}
