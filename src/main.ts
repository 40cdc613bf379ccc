/**
 * `npm start`: the service. Validates the configuration, migrates the database, seeds an empty
 * registry, serves HTTP and screens pending parcels in the worker pool.
 */
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { BacklogGauge } from './backlog.ts';
import { countPending } from './db/manifests.ts';
import { releaseStaleClaims } from './db/screening.ts';
import { createManifestReader } from './ingest/manifest-reader.ts';
import { createLogger } from './logger.ts';
import { limitMetrics } from './http/limit-metrics.ts';
import { connectionCap, httpServerOptions, openFilesLimit, protectServer } from './http/server-limits.ts';
import { countWebhookAttempt, createMetrics } from './metrics.ts';
import { exitAtStartup, listenFailure, loadConfigOrExit, openDatabase } from './runtime.ts';
import { ScreeningDispatcher } from './screening/dispatcher.ts';
import { ScreeningPool } from './screening/pool.ts';
import { seedRegistry } from './registry/bundle-file.ts';
import { WebhookDeliverer } from './workflow/deliverer.ts';
import { ProcedureWatcher } from './workflow/procedure-watcher.ts';
import { procedureSettings } from './workflow/settings.ts';
import { targetPolicy } from './workflow/webhook-target.ts';
import { RetentionJob } from './workflow/retention.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
const db = await openDatabase(config);
const metrics = createMetrics({ defaultMetrics: true });
const backlog = new BacklogGauge(() => countPending(db));
const reader = createManifestReader(config.INGEST_THREADS);

if (config.REGISTRY_SEED !== 'none') {
  // Screening with an empty registry would release everything: a seed that is not there stops start-up.
  if (!existsSync(config.REGISTRY_SEED)) exitAtStartup(`REGISTRY_SEED=${config.REGISTRY_SEED}: no such file (set REGISTRY_SEED=none to start without seeding)`, 2);
  const seeded = await seedRegistry(db, config.REGISTRY_SEED).catch((err: Error) => exitAtStartup(`REGISTRY_SEED=${config.REGISTRY_SEED}: ${err.message}`, 2));
  if (seeded) logger.info({ registryVersion: seeded, from: config.REGISTRY_SEED }, 'registry seeded');
}

let dispatcher: ScreeningDispatcher | null = null;
let pool: ScreeningPool | null = null;
if (config.SCREENING_THREADS > 0) {
  // An embedded database has one node: whatever it had claimed before a crash is abandoned now.
  if (db.dialect === 'sqlite') {
    const released = await releaseStaleClaims(db, new Date(Date.now() + 1000));
    if (released) logger.warn({ released }, 'claims of the previous run returned to the queue');
  }
  pool = new ScreeningPool(config.SCREENING_THREADS);
  dispatcher = new ScreeningDispatcher(db, pool, logger, {
    batchSize: config.SCREEN_BATCH_SIZE,
    maxInFlight: config.SCREENING_THREADS * 2,
    leaseMs: config.SCREEN_LEASE_MS,
    idleMs: 50,
    registryPollMs: 2000,
  }, (n) => metrics.decisions.inc(n), (n) => metrics.engineErrors.inc(n));
  dispatcher.start();
}

const deliverer = new WebhookDeliverer(db, logger, {
  intervalMs: 500,
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  batch: 50,
  policy: targetPolicy(config.WEBHOOK_ALLOW_HTTP_HOSTS),
  concurrency: config.WEBHOOK_CONCURRENCY,
  maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES,
  onAttempt: countWebhookAttempt(metrics),
});
deliverer.start();
const procedureWatcher = new ProcedureWatcher(db, logger, procedureSettings(config), config.PROCEDURE_CHECK_SECONDS * 1000);
procedureWatcher.start();

const retention = config.RETENTION_PURGE_INTERVAL_MINUTES > 0
  ? new RetentionJob(db, { releasedDays: config.RETENTION_RELEASED_DAYS, closedCaseDays: config.RETENTION_CLOSED_CASE_DAYS }, logger, config.RETENTION_PURGE_INTERVAL_MINUTES * 60_000)
  : null;
retention?.start();

const app = createApp({ db, config, logger, metrics, backlog, reader, onAccepted: () => dispatcher?.nudge(), onRedeliver: (owner) => deliverer.resume(owner) });

const server = createAdaptorServer({ fetch: app.fetch, hostname: config.HOST, serverOptions: httpServerOptions(config) }) as Server;
const maxConnections = connectionCap(config.MAX_CONNECTIONS, openFilesLimit());
if (maxConnections < config.MAX_CONNECTIONS) {
  logger.warn({ MAX_CONNECTIONS: config.MAX_CONNECTIONS, applied: maxConnections, openFilesLimit: openFilesLimit() }, 'MAX_CONNECTIONS lowered to fit the open-files limit (ulimit -n)');
}
protectServer(server, config, limitMetrics(metrics.registry), maxConnections);
// A deep accept queue (Node's default is 511): in a connection flood, a newcomer's SYN waits in
// the kernel for the guard's answer instead of being dropped (then retried only after 1 s, 3 s…).
server.listen({ port: config.PORT, host: config.HOST, backlog: 4096 }, () => {
  logger.info({ port: (server.address() as AddressInfo).port, database: db.dialect, screeningThreads: config.SCREENING_THREADS, maxConnections }, 'parcelscreen listening');
});
const cannotListen = (err: Error) => exitAtStartup(listenFailure(err, config.HOST, config.PORT));
server.once('error', cannotListen);
server.once('listening', () => server.off('error', cannotListen));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Stop taking requests and let in-flight ones commit; finish the batches being screened; then close.
  server.close(async () => {
    await dispatcher?.stop();
    await deliverer.stop();
    await procedureWatcher.stop();
    await retention?.stop();
    await pool?.close();
    await reader.close();
    await db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 15_000).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
