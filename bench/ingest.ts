/**
 * `npm run bench:ingest [-- --duration 15 --connections 8 --parcels 1000 --max-rate 80000 --lean --cpu-prof DIR]`
 *
 * Starts a real server (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL), pushes
 * 1,000-parcel manifests with autocannon at saturation, then at half the saturated rate (evenly
 * paced open loop, and autocannon's per-second bursts for comparison: see lib/ingest-load.ts), and
 * prints accepted parcels/s, p50/p99 latency per manifest and the CPU each parcel cost the
 * server's main thread, its other threads (ingest worker, GC, checkpoints) and the load generator,
 * which shares the machine's two cores. The generator builds its bodies before the clock starts.
 */
import { parseArgs } from 'node:util';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { loadTitles } from './gen/titles.ts';
import { runIngestLoad, type IngestLoadResult } from './lib/ingest-load.ts';
import { startServer } from './lib/server.ts';
import { sampleProcess } from './lib/proc.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { Progress } from './lib/progress.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '8' },
    parcels: { type: 'string', default: '1000' },
    synchronous: { type: 'string', default: 'FULL' },
    // Bodies for the saturation run are built before the clock starts, enough for this rate.
    'max-rate': { type: 'string', default: '80000' },
    // One item line, no optional fields: ~340-byte parcels, as the stack notes' estimate assumed.
    lean: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});

const progress = new Progress('bench:ingest', 5);
progress.stage('starting a server on a fresh database');
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
  lean: values.lean!,
};
/** A load run with the CPU it cost: the server's main thread, its other threads, the load generator. */
async function measured(run: (onStart: () => void) => Promise<IngestLoadResult>) {
  let server0 = sampleProcess(server.child.pid!);
  const result = await run(() => (server0 = sampleProcess(server.child.pid!)));
  const server1 = sampleProcess(server.child.pid!);
  const perParcel = (cpuSeconds: number) => (cpuSeconds * 1e6) / Math.max(1, result.acceptedParcels);
  return {
    result,
    cpuUsPerParcel: {
      main: perParcel(server1.mainCpu - server0.mainCpu),
      threads: perParcel(server1.otherCpu - server0.otherCpu),
      generator: perParcel(result.generatorCpuSeconds),
    },
  };
}

const manifestsFor = (parcelsPerSecond: number) => Math.ceil((parcelsPerSecond / common.parcelsPerManifest) * common.durationSeconds) + 16;
try {
  // Warm up the JIT and the database file before measuring.
  progress.stage('warm-up', { seconds: 3 });
  await runIngestLoad({ ...common, durationSeconds: 3, connections: 4, firstSerial: 90_000_000 });
  // Each run first builds its bodies (a few seconds), then sends for --duration seconds.
  progress.stage('saturation run (bodies built first)', { seconds: common.durationSeconds });
  const saturated = await measured((onStart) =>
    runIngestLoad({ ...common, connections: Number(values.connections), firstSerial: 1, prebuildBodies: manifestsFor(Number(values['max-rate'])), onStart }),
  );
  const halfRate = Math.max(1, Math.floor(saturated.result.manifests / saturated.result.durationSeconds / 2));
  const halfRun = (arrivals: 'even' | 'autocannon', firstSerial: number) =>
    measured((onStart) =>
      runIngestLoad({
        onStart,
        ...common,
        connections: Number(values.connections),
        rate: halfRate,
        arrivals,
        firstSerial,
        prebuildBodies: manifestsFor(halfRate * common.parcelsPerManifest),
      }),
    );
  // The target's measure: evenly spaced arrivals. autocannon's own rate mode, for comparison, sends
  // each connection's quota at the start of every second (bursts of up to 8 manifests).
  progress.stage(`half rate (${halfRate} manifests/s), evenly spaced`, { seconds: common.durationSeconds });
  const half = await halfRun('even', 40_000_000);
  progress.stage(`half rate (${halfRate} manifests/s), autocannon bursts`, { seconds: common.durationSeconds });
  const halfBursts = await halfRun('autocannon', 60_000_000);
  progress.done();
  const row = (name: string, { result: r, cpuUsPerParcel: cpu }: Awaited<ReturnType<typeof measured>>) =>
    `${name.padEnd(26)} ${String(r.parcelsPerSecond).padStart(9)} ${r.latencyMs.p50.toFixed(1).padStart(8)} ${r.latencyMs.p99.toFixed(1).padStart(8)} ${String(r.non2xx + r.errors).padStart(7)}` +
    ` ${cpu.main.toFixed(1).padStart(7)} ${cpu.threads.toFixed(1).padStart(7)} ${cpu.generator.toFixed(1).padStart(7)}` +
    (r.builtOnTheFly > 0 ? `  (${r.builtOnTheFly} bodies built during the run: raise --max-rate)` : '');
  console.log(`\ningest benchmark: ${common.parcelsPerManifest}-parcel manifests${values.lean ? ' of lean parcels (one line, no optional fields)' : ''}, ${databaseUrl.split(':')[0]} (synchronous=${values.synchronous}), ${values.connections} connections, ${common.durationSeconds} s each`);
  console.log(`~${Math.round(saturated.result.meanBodyBytes / common.parcelsPerManifest)} bytes of JSON per parcel`);
  console.log(`${''.padEnd(61)} CPU µs per parcel`);
  console.log(`${'run'.padEnd(26)} ${'parcels/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(7)} ${'main'.padStart(7)} ${'threads'.padStart(7)} ${'loadgen'.padStart(7)}`);
  console.log(row('saturation', saturated));
  console.log(row(`half rate (${halfRate}/s, even)`, half));
  console.log(row(`half rate (${halfRate}/s, bursts)`, halfBursts));
} finally {
  await server.stop();
}
