/**
 * `npm run bench:match`: screening throughput on real titles with 5,000 marks and aliases and
 * 1,000 watched sellers: parcelscreen on one core (in this thread, cold caches and warm), the
 * naive string-similarity baseline in the same run, and the Piscina pool with 2 workers.
 */
import { parseArgs } from 'node:util';
import stringSimilarity from 'string-similarity';
import type { Parcel } from '../src/domain/manifest.ts';
import { compileRegistry } from '../src/screening/compile.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { Screener } from '../src/screening/screen.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import type { TaskParcel } from '../src/screening/task.ts';
import { ManifestGenerator } from './gen/manifests.ts';
import { largeRegistry } from './gen/registry.ts';
import { loadTitles } from './gen/titles.ts';
import { median } from './lib/stats.ts';
import { Progress } from './lib/progress.ts';

const { values } = parseArgs({
  options: {
    marks: { type: 'string', default: '5000' },
    sellers: { type: 'string', default: '1000' },
    parcels: { type: 'string', default: '50000' },
    'baseline-parcels': { type: 'string', default: '20' },
    threads: { type: 'string', default: '2' },
  },
});

const progress = new Progress('bench:match', 4);
progress.stage('compiling the registry and generating parcels');
const titles = loadTitles();
if (!titles.real) console.log('note: ../shared/data/titles not found; using the built-in title list');
const bundleInput = largeRegistry('data/sample-registry.json', Number(values.marks), Number(values.sellers));
const bundle = RegistryBundleSchema.parse(bundleInput);
const date = new Date().toISOString().slice(0, 10);

let t = performance.now();
const registry = compileRegistry(bundle, 1, date);
const compileMs = performance.now() - t;
const gen = new ManifestGenerator({ seed: 5, titles: titles.titles });
const parcels: Parcel[] = gen.manifest(Number(values.parcels)).parcels as Parcel[];

/** Parcels per second of wall time, and CPU microseconds per parcel (this thread's process, which is all this loop runs on). */
function rate(screener: Screener, list: Parcel[]): { rate: number; cpuUs: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const p of list) screener.screen({ itemId: p.itemId, parcel: p });
  const used = process.cpuUsage(cpu);
  return { rate: list.length / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / list.length };
}

progress.stage('one core, 3 cold and 3 warm runs');
// Cold: a new screener (empty caches) per run over distinct parcels; warm: the same parcels again.
// CPU time per parcel is printed too: on a shared machine it moves far less than wall time.
const cold: number[] = [];
const warm: number[] = [];
const coldCpu: number[] = [];
const warmCpu: number[] = [];
for (let run = 0; run < 3; run++) {
  registry.editCache.clear();
  registry.soundCache.clear();
  registry.looseCache.clear();
  const screener = new Screener(registry);
  const c = rate(screener, parcels);
  const w = rate(screener, parcels);
  cold.push(c.rate);
  coldCpu.push(c.cpuUs);
  warm.push(w.rate);
  warmCpu.push(w.cpuUs);
}

progress.stage('naive string-similarity baseline');
// The naive baseline: every 1-4-word window of each description against every name with
// string-similarity, as the design card's reference; a handful of parcels is enough to time it.
const names = registry.entries.map((e) => e.name.toLowerCase());
const baselineParcels = parcels.slice(0, Number(values['baseline-parcels']));
t = performance.now();
for (const p of baselineParcels) {
  for (const item of p.items) {
    const words = item.description.toLowerCase().split(/\s+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) for (let len = 1; len <= 4 && i + len <= words.length; len++) stringSimilarity.findBestMatch(words.slice(i, i + len).join(' '), names);
  }
}
const baselineRate = baselineParcels.length / ((performance.now() - t) / 1000);

// The pool: batches of 500 through real worker threads, registry compiled once per worker.
progress.stage('Piscina pool, 4 runs');
const threads = Number(values.threads);
const pool = new ScreeningPool(threads);
pool.setRegistry({ version: 1, bundle: JSON.stringify(bundle) });
const tasks: TaskParcel[] = parcels.map((p, i) => ({ id: i, itemId: p.itemId, revision: 1, data: JSON.stringify(p), regime: 'import', destinationCountry: 'BE' }));
const batch = 500;
const runPool = async () => {
  const started = performance.now();
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < tasks.length; i += batch) jobs.push(pool.screen(tasks.slice(i, i + batch)));
  await Promise.all(jobs);
  return tasks.length / ((performance.now() - started) / 1000);
};
await runPool(); // compiles the registry in each worker
const poolRates = [await runPool(), await runPool(), await runPool()];
await pool.close();
progress.done();

const mem = process.memoryUsage();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
console.log(`\nscreening benchmark: ${registry.entries.length} marks and aliases, ${bundle.indicators.watchedSellers.length} watched sellers, ${parcels.length} parcels of real titles (${(parcels.reduce((n, p) => n + p.items.length, 0) / parcels.length).toFixed(2)} items each)`);
console.log(`registry compile: ${compileMs.toFixed(0)} ms; heap after run ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
console.log(`${'engine'.padEnd(44)} ${'parcels/s'.padStart(10)}`);
console.log(`${'parcelscreen, 1 core, cold caches (median)'.padEnd(44)} ${fmt(median(cold))}   CPU ${median(coldCpu).toFixed(1)} µs/parcel`);
console.log(`${'parcelscreen, 1 core, warm caches (median)'.padEnd(44)} ${fmt(median(warm))}   CPU ${median(warmCpu).toFixed(2)} µs/parcel`);
console.log(`${`parcelscreen, Piscina pool, ${threads} workers (median)`.padEnd(44)} ${fmt(median(poolRates))}`);
console.log(`${'naive string-similarity baseline, 1 core'.padEnd(44)} ${baselineRate.toFixed(2).padStart(10)}`);
console.log(`ratio cold / baseline: ${Math.round(median(cold) / baselineRate).toLocaleString('en-US')}x`);
