/**
 * `npm run bench:ingest [-- --duration 15 --connections 8 --parcels 1000 --cpu-prof DIR]`
 *
 * Starts a real server (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL), pushes
 * 1,000-parcel manifests with autocannon at saturation, then at half the saturated rate, and
 * prints accepted parcels/s and p50/p99 latency per manifest.
 */
import { parseArgs } from 'node:util';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { loadTitles } from './gen/titles.ts';
import { runIngestLoad, type IngestLoadResult } from './lib/ingest-load.ts';
import { startServer } from './lib/server.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '8' },
    parcels: { type: 'string', default: '1000' },
    synchronous: { type: 'string', default: 'FULL' },
    'cpu-prof': { type: 'string' },
  },
});

const titles = loadTitles();
if (!titles.real) console.error('note: ../shared/data/titles not found; using the built-in title list');
const databaseUrl = process.env.DATABASE_URL ?? tempSqliteUrl();
const db = await connect(databaseUrl);
await migrateToLatest(db);
const { key } = await createApiKey(db, { role: 'operator', operatorCode: `BENCH${Date.now()}` });
await db.close();

const server = await startServer({
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  BACKLOG_LIMIT: '1000000000',
  SQLITE_SYNCHRONOUS: values.synchronous!,
  // Ingest alone: bench:e2e measures ingest and screening together.
  SCREENING_THREADS: '0',
  REGISTRY_SEED: 'none',
}, values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []);
const common = {
  url: server.url,
  key,
  titles: titles.titles,
  parcelsPerManifest: Number(values.parcels),
  durationSeconds: Number(values.duration),
};
try {
  // Warm up the JIT and the database file before measuring.
  await runIngestLoad({ ...common, durationSeconds: 3, connections: 4, firstSerial: 90_000_000 });
  const saturated = await runIngestLoad({ ...common, connections: Number(values.connections), firstSerial: 1 });
  const halfRate = Math.max(1, Math.floor(saturated.manifests / saturated.durationSeconds / 2));
  const half = await runIngestLoad({ ...common, connections: Number(values.connections), rate: halfRate, firstSerial: 40_000_000 });
  const row = (name: string, r: IngestLoadResult) =>
    `${name.padEnd(26)} ${String(r.parcelsPerSecond).padStart(9)} ${r.latencyMs.p50.toFixed(1).padStart(8)} ${r.latencyMs.p99.toFixed(1).padStart(8)} ${String(r.non2xx + r.errors).padStart(7)}`;
  console.log(`\ningest benchmark: ${common.parcelsPerManifest}-parcel manifests, ${databaseUrl.split(':')[0]} (synchronous=${values.synchronous}), ${values.connections} connections, ${common.durationSeconds} s each`);
  console.log(`${'run'.padEnd(26)} ${'parcels/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(7)}`);
  console.log(row('saturation', saturated));
  console.log(row(`half rate (${halfRate} manifests/s)`, half));
} finally {
  await server.stop();
}
