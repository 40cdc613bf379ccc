/**
 * `npm run bench:e2e [-- --rate 10000 --duration 30 --applications 5000 --find-max --sustain-seconds 60 --cpu-prof DIR]`
 *
 * End to end, ingest to decision, on a real server (SQLite by default; DATABASE_URL=postgres://…
 * for PostgreSQL) with a registry of --applications applications shaped like a real one. Pushes 1,000-parcel manifests at a
 * fixed arrival rate and measures: accepted parcels/s, acknowledgement latency per manifest, time
 * from acknowledgement to decision (p50/p99, from the parcels' own timestamps), the pending backlog
 * over time, CPU of the server's main thread and of its worker threads, RSS. With --find-max it
 * steps the rate up and reports the largest rate sustained for --sustain-seconds without the
 * backlog growing. Prints a table and writes bench/results/<date>-<git sha>.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { brandNamesFrom } from './gen/brand-names.ts';
import { realisticRegistry } from './gen/real-registry.ts';
import { loadTitles } from './gen/titles.ts';
import { cpuBetween, sampleProcess, type ProcSample } from './lib/proc.ts';
import { runIngestLoad } from './lib/ingest-load.ts';
import { startServer } from './lib/server.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { Progress } from './lib/progress.ts';
import { percentile } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '30' },
    parcels: { type: 'string', default: '1000' },
    applications: { type: 'string', default: '5000' },
    'find-max': { type: 'boolean', default: false },
    'sustain-seconds': { type: 'string', default: '60' },
    'screening-threads': { type: 'string', default: '1' },
    'ingest-threads': { type: 'string', default: '1' },
    'max-in-flight': { type: 'string', default: '16' },
    'cpu-prof': { type: 'string' },
  },
});

const perManifest = Number(values.parcels);
const titles = loadTitles();
if (!titles.real) console.error('note: ../shared/data/titles not found; using the built-in title list');

// --- set up: registry bundle file, database, key, server --------------------------------------
const progress = new Progress('bench:e2e');
progress.stage(`writing a registry of ${values.applications} applications and starting a server that seeds it`);
const work = mkdtempSync(join(tmpdir(), 'parcelscreen-e2e-'));
const bundlePath = join(work, 'registry.json');
// Shaped like a real registry (bench/gen/real-registry.ts): floors, authorised sellers, aliases, short and ordinary-word marks.
const registryBundle = realisticRegistry({ applications: Number(values.applications), watchedSellers: 1000 }).bundle;
writeFileSync(bundlePath, JSON.stringify(registryBundle));
const databaseUrl = process.env.DATABASE_URL ?? tempSqliteUrl();
const setup = await connect(databaseUrl);
await migrateToLatest(setup);
const operator = `E2E${Date.now()}`;
const { key } = await createApiKey(setup, { role: 'operator', operatorCode: operator });
await setup.close();

const server = await startServer({
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  BACKLOG_LIMIT: '1000000000',
  REGISTRY_SEED: bundlePath,
  SCREENING_THREADS: values['screening-threads']!,
  INGEST_THREADS: values['ingest-threads']!,
}, values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []);
const pid = server.child.pid!;
const db: Db = await connect(databaseUrl);

// --- load: autocannon at a fixed arrival rate (cheaper for this machine's two cores than fetch) ---
const generator = { brands: brandNamesFrom(bundlePath), brandedShare: 0.03, disguisedShare: 0.01, hazardousShare: 0.005 };
let serialBase = 1;

async function backlog(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from parcels where status <> 'screened'`.execute(db.kysely);
  return Number(r.rows[0]!.n);
}

interface PhaseResult {
  rate: number;
  seconds: number;
  acceptedPerSecond: number;
  ackMs: { p50: number; p99: number };
  decisionMs: { p50: number; p99: number; count: number };
  backlog: { start: number; end: number; max: number; series: number[] };
  cpu: { main: number; workers: number };
  /** Server CPU per parcel decided, from the start of the load until the backlog drained: main thread / other threads, µs. */
  cpuUsPerParcel: { main: number; workers: number };
  rssMb: { start: number; end: number; max: number; series: number[] };
  errors: number;
  drainedSeconds: number;
}

async function runPhase(rate: number, seconds: number, name = `${rate} parcels/s`): Promise<PhaseResult> {
  progress.stage(`${name} (bodies built first)`, { seconds });
  const startedIso = new Date().toISOString();
  const series: number[] = [];
  const rss: number[] = [];
  const startBacklog = await backlog();
  let first: ProcSample = sampleProcess(pid);
  let sampler: NodeJS.Timeout | undefined;
  const startSampling = () => {
    first = sampleProcess(pid);
    sampler = setInterval(() => {
      void backlog().then((n) => series.push(n), () => undefined);
      try {
        rss.push(sampleProcess(pid).rssMb);
      } catch {
        // the server is gone: the load run reports the errors
      }
    }, 1000);
  };
  const load = await runIngestLoad({
    url: server.url,
    key,
    titles: titles.titles,
    parcelsPerManifest: perManifest,
    durationSeconds: seconds,
    connections: Number(values['max-in-flight']),
    rate: rate / perManifest,
    firstSerial: serialBase,
    generator,
    // Bodies built before the clock (capped by memory), and the server sampled from then on.
    prebuildBodies: Math.ceil((rate * seconds) / perManifest) + 16,
    onStart: startSampling,
  });
  serialBase += Math.ceil((rate * seconds * 1.2) / 1000) * 1000 + 1000;
  const last = sampleProcess(pid);
  clearInterval(sampler);
  const endBacklog = await backlog();

  // Let screening finish, then read time-to-decision from the parcels themselves.
  let left = endBacklog;
  progress.stage(`screening what is left of ${name}`, { detail: () => `${left} parcels left` });
  const drainStart = performance.now();
  while ((left = await backlog()) > 0 && performance.now() - drainStart < 300_000) await new Promise((r) => setTimeout(r, 250));
  const drainedSeconds = (performance.now() - drainStart) / 1000;
  const drained = sampleProcess(pid);
  const rows = await db.kysely
    .selectFrom('parcels')
    .select(['received_at', 'decided_at'])
    .where('received_at', '>=', startedIso)
    .where('decided_at', 'is not', null)
    .execute();
  const decisionMs = rows.map((r) => Date.parse(r.decided_at!) - Date.parse(r.received_at)).sort((a, b) => a - b);
  const cpu = cpuBetween(first, last);
  const perParcel = (seconds: number) => Math.round((seconds * 1e6 * 10) / Math.max(1, decisionMs.length)) / 10;
  return {
    rate,
    seconds: Math.round(load.durationSeconds),
    acceptedPerSecond: load.parcelsPerSecond,
    ackMs: { p50: load.latencyMs.p50, p99: load.latencyMs.p99 },
    decisionMs: { p50: Math.round(percentile(decisionMs, 50)), p99: Math.round(percentile(decisionMs, 99)), count: decisionMs.length },
    backlog: { start: startBacklog, end: endBacklog, max: Math.max(startBacklog, ...series), series },
    cpu: { main: Math.round(cpu.main * 100) / 100, workers: Math.round(cpu.workers * 100) / 100 },
    cpuUsPerParcel: { main: perParcel(drained.mainCpu - first.mainCpu), workers: perParcel(drained.otherCpu - first.otherCpu) },
    rssMb: { start: rss[0] ?? last.rssMb, end: last.rssMb, max: Math.max(last.rssMb, ...rss), series: rss },
    errors: load.non2xx + load.errors,
    drainedSeconds: Math.round(drainedSeconds * 10) / 10,
  };
}

/** Sustained: the arrival rate was accepted (within 5 %), without errors, and the backlog did not grow past 2 s of arrivals. */
const sustained = (r: PhaseResult) => r.acceptedPerSecond >= 0.95 * r.rate && r.errors === 0 && r.backlog.end - r.backlog.start <= 2 * r.rate;

const phases: PhaseResult[] = [];
try {
  await runPhase(Math.min(5000, Number(values.rate)), 5, 'warm-up'); // JIT, registry compile in the workers
  if (values['find-max']) {
    let rate = Number(values.rate);
    for (;;) {
      const r = await runPhase(rate, Number(values['sustain-seconds']));
      phases.push(r);
      console.error(`rate ${rate}/s: ${sustained(r) ? 'sustained' : 'NOT sustained'} (accepted ${r.acceptedPerSecond}/s, backlog ${r.backlog.start} -> ${r.backlog.end})`);
      if (!sustained(r) || phases.length >= 8) break;
      rate = Math.round((rate * 1.25) / 1000) * 1000;
    }
  } else {
    phases.push(await runPhase(Number(values.rate), Number(values.duration)));
  }
} finally {
  progress.done();
  await db.close();
  await server.stop();
}

const best = phases.filter(sustained).sort((a, b) => b.rate - a.rate)[0];
console.log(`\nend-to-end benchmark: ${databaseUrl.split(':')[0]}, ${values.applications} applications, ${perManifest}-parcel manifests, screening threads ${values['screening-threads']}, ingest threads ${values['ingest-threads']}`);
console.log('rate/s  accepted/s  ack p50/p99 ms  decision p50/p99 ms  backlog start/end/max  cpu main/workers  µs/parcel main/workers  rss start/max MB  errors  sustained');
for (const r of phases) {
  console.log(
    `${String(r.rate).padStart(6)}  ${String(r.acceptedPerSecond).padStart(10)}  ${`${r.ackMs.p50}/${r.ackMs.p99}`.padStart(13)}  ${`${r.decisionMs.p50}/${r.decisionMs.p99}`.padStart(19)}  ${`${r.backlog.start}/${r.backlog.end}/${r.backlog.max}`.padStart(21)}  ${`${r.cpu.main}/${r.cpu.workers}`.padStart(16)}  ${`${r.cpuUsPerParcel.main}/${r.cpuUsPerParcel.workers}`.padStart(21)}  ${`${r.rssMb.start}/${r.rssMb.max}`.padStart(16)}  ${String(r.errors).padStart(6)}  ${sustained(r) ? 'yes' : 'no'}`,
  );
}
if (values['find-max']) console.log(`largest rate sustained for ${values['sustain-seconds']} s: ${best ? `${best.rate} parcels/s` : 'none of the rates tried'}`);

const sha = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
  } catch {
    return 'nogit';
  }
})();
mkdirSync('bench/results', { recursive: true });
const out = `bench/results/${new Date().toISOString().slice(0, 10)}-${sha}.json`;
writeFileSync(out, JSON.stringify({ kind: 'e2e', at: new Date().toISOString(), database: databaseUrl.split(':')[0], options: values, phases, largestSustained: best?.rate ?? null }, null, 2));
console.log(`written ${out}`);
