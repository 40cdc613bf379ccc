/**
 * `npm start`: the service. Validates the configuration, migrates the database and serves HTTP.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { BacklogGauge } from './backlog.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { createManifestReader } from './ingest/manifest-reader.ts';
import { loadConfigOrExit, openDatabase } from './runtime.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
const db = await openDatabase(config);
const metrics = createMetrics({ defaultMetrics: true });
const backlog = new BacklogGauge(db);
const reader = createManifestReader(config.INGEST_THREADS);
const app = createApp({ db, config, logger, metrics, backlog, reader });

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  logger.info({ port: info.port, database: db.dialect }, 'parcelscreen listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Stop taking requests, let in-flight ones finish (their transactions commit), then close the database.
  server.close(async () => {
    await reader.close();
    await db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
