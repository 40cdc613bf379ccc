import pino from 'pino';
import { createApp, type AppDeps } from '../../src/app.ts';
import { BacklogGauge } from '../../src/backlog.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/connect.ts';
import { createApiKey } from '../../src/db/api-keys.ts';
import { countPending } from '../../src/db/manifests.ts';
import { createMetrics, type Metrics } from '../../src/metrics.ts';
import { createManifestReader, type ManifestReader } from '../../src/ingest/manifest-reader.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Db;
  metrics: Metrics;
  keys: { operatorA: string; operatorB: string; customs: string; admin: string; rightsholder: string };
  request(path: string, init?: RequestInit & { key?: string }): Promise<Response>;
  postManifest(body: unknown, key?: string): Promise<Response>;
}

let sharedReader: ManifestReader | undefined;

/** One ingest worker pool per test file: real worker threads, started once. */
function pooledReader(): ManifestReader {
  sharedReader ??= createManifestReader(1);
  return sharedReader;
}

const UNLIMITED_RATES = {
  RATE_LIMIT_OPERATOR: '0',
  RATE_LIMIT_CUSTOMS: '0',
  RATE_LIMIT_RIGHTSHOLDER: '0',
  RATE_LIMIT_ADMIN: '0',
  AUTH_FAILURES_PER_MINUTE: '0',
};

export async function buildTestApp(db: Db, env: Record<string, string> = {}, options: { clock?: () => Date } & Pick<AppDeps, 'webhookResolver' | 'onRedeliver'> = {}): Promise<TestApp> {
  // Suites fire hundreds of requests a second with one key through app.request(): the rates are
  // off unless a test sets them (test/request-limits.test.ts does, to test them).
  const config: Config = loadConfig({ ...UNLIMITED_RATES, ...env });
  const metrics = createMetrics();
  const app = createApp({
    ...options,
    db,
    config,
    reader: config.INGEST_THREADS === 0 ? createManifestReader(0) : pooledReader(),
    logger: pino({ level: 'silent' }),
    metrics,
    backlog: new BacklogGauge(() => countPending(db), { refreshMs: 0, countShare: null }),
  });
  const keys = {
    operatorA: (await createApiKey(db, { role: 'operator', operatorCode: 'OPA' })).key,
    operatorB: (await createApiKey(db, { role: 'operator', operatorCode: 'OPB' })).key,
    customs: (await createApiKey(db, { role: 'customs' })).key,
    admin: (await createApiKey(db, { role: 'admin' })).key,
    rightsholder: (await createApiKey(db, { role: 'rightsholder', holderRef: 'HOLDER-1' })).key,
  };
  const request = (path: string, init: RequestInit & { key?: string } = {}) => {
    const { key, headers, ...rest } = init;
    const h = new Headers(headers);
    if (key) h.set('authorization', `Bearer ${key}`);
    // What an HTTP client sends with a body it holds whole; the server budgets bodies by it
    // (a body of unknown length is counted at the endpoint's largest size: src/http/body-budget.ts).
    if (typeof rest.body === 'string' && !h.has('content-length')) h.set('content-length', String(Buffer.byteLength(rest.body)));
    return Promise.resolve(app.request(path, { ...rest, headers: h }));
  };
  return {
    app,
    db,
    metrics,
    keys,
    request,
    postManifest: (body, key = keys.operatorA) =>
      request('/v1/manifests', {
        method: 'POST',
        key,
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
