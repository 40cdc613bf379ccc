/**
 * `npm run bench:rescreen [-- --parcels 100000 --threads 1]`
 *
 * How long screening again of the parcels under control takes after a registry change: files
 * --parcels realistic parcels, screens them, then accepts a new application (a registry version
 * that queues every parcel for re-screening) and times until all carry the new version.
 * SQLite by default; DATABASE_URL=postgres://… for PostgreSQL. In-process dispatcher and pool.
 */
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.ts';
import { fileManifest } from '../src/db/manifests.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { readManifest } from '../src/domain/read-manifest.ts';
import { decideApplication, submitApplication } from '../src/registry/service.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { seedRegistry } from '../src/registry/bundle-file.ts';
import { brandNamesFrom } from './gen/brand-names.ts';
import { ManifestGenerator } from './gen/manifests.ts';
import { loadTitles } from './gen/titles.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { Progress } from './lib/progress.ts';

const { values } = parseArgs({ options: { parcels: { type: 'string', default: '100000' }, threads: { type: 'string', default: '1' } } });
const total = Number(values.parcels);
const progress = new Progress('bench:rescreen', 3);
const db = await connect(process.env.DATABASE_URL ?? tempSqliteUrl(), { sqliteSynchronous: 'NORMAL' });
await migrateToLatest(db);
await seedRegistry(db, 'data/sample-registry.json');

const gen = new ManifestGenerator({ seed: 3, titles: loadTitles().titles, brands: brandNamesFrom('data/sample-registry.json'), brandedShare: 0.03, disguisedShare: 0.01, firstSerial: 1 });
progress.stage(`filing ${total} parcels`);
const filedSoFar = progress.counter('parcels filed', total);
let t = performance.now();
for (let filed = 0; filed < total; filed += 1000) {
  filedSoFar(filed);
  const read = readManifest({ body: JSON.stringify(gen.manifest(Math.min(1000, total - filed))), mediaType: 'application/json', query: {}, maxParcels: 10_000 });
  if (!read.ok) throw new Error(read.message);
  await fileManifest(db, 'RESCREEN', read.header, read.parcels);
}
const filedSeconds = (performance.now() - t) / 1000;

const pool = new ScreeningPool(Number(values.threads));
const dispatcher = new ScreeningDispatcher(db, pool, pino({ level: 'warn' }), { batchSize: 500, maxInFlight: Number(values.threads) * 2, leaseMs: 60_000, idleMs: 10, registryPollMs: 1000 });
const count = async (where: ReturnType<typeof sql>) => Number((await sql<{ n: number }>`select count(*) as n from parcels where ${where}`.execute(db.kysely)).rows[0]!.n);
const waitFor = async (what: string, where: ReturnType<typeof sql>) => {
  const done = progress.counter(what, total);
  for (let n; (n = await count(where)) < total; ) {
    done(n);
    await new Promise((r) => setTimeout(r, 100));
  }
};

progress.stage('first screening');
t = performance.now();
dispatcher.start();
await waitFor('parcels screened', sql`status = 'screened'`);
const firstSeconds = (performance.now() - t) / 1000;

const settings = { minValidityDays: 365, rescreenWithinDays: 30 };
const app = await submitApplication(db, 'bench-holder', {
  holder: { name: 'Bench Holder', contact: 'bench@example.org' },
  trademarks: [{ mark: 'Zorblax', aliases: [], hsCodes: ['64', '4202'], notThisMark: [] }],
  authorizedSellers: [],
  distributors: [],
  priceFloors: [],
  evidence: ['benchmark'],
}, 'bench');
progress.stage('registry change, then screening again');
// The longest the event loop waits while parcels are marked and screened again (the editor's
// request used to mark them in one statement on it: 1.8 s for 194,031 parcels).
const stall = monitorEventLoopDelay({ resolution: 5 });
stall.enable();
t = performance.now();
const decided = await decideApplication(db, app.id, { decision: 'accept' }, 'bench', settings);
if (!decided.ok || !decided.value.published) throw new Error('not accepted');
const publishMs = performance.now() - t;
const version = decided.value.published.version;
const jobDone = async () => (await db.kysely.selectFrom('rescreen_jobs').select('finished_at').where('version', '=', version).executeTakeFirstOrThrow()).finished_at !== null;
while (!(await jobDone())) await new Promise((r) => setTimeout(r, 20));
const markedSeconds = (performance.now() - t) / 1000;
await waitFor('parcels screened again', sql`status = 'screened' and registry_version = ${version}`);
stall.disable();
progress.done();
const rescreenSeconds = (performance.now() - t) / 1000;
await dispatcher.stop();
await pool.close();
await db.close();

console.log(`\nre-screen benchmark: ${total} parcels under control, ${db.dialect}, ${values.threads} screening thread(s)`);
console.log(`filed in ${filedSeconds.toFixed(1)} s; first screening ${firstSeconds.toFixed(1)} s (${Math.round(total / firstSeconds)} parcels/s)`);
console.log(`registry change published in ${publishMs.toFixed(0)} ms; its parcels marked for re-screening in the background within ${markedSeconds.toFixed(1)} s`);
console.log(`event loop: longest stall ${(stall.max / 1e6).toFixed(0)} ms, p99 ${(stall.percentile(99) / 1e6).toFixed(0)} ms during the change and the re-screen`);
console.log(`re-screen of ${total} parcels done ${rescreenSeconds.toFixed(1)} s after the change (${Math.round(total / rescreenSeconds)} parcels/s)`);
