/**
 * `npm run bench:match [-- --registry bundle.json --manifest manifest.json --applications 5000
 *   --sellers 1000 --parcels 50000 --scale 500,5000,50000 --threads N --write DIR]`
 *
 * Screening throughput on a registry shaped like a real one (bench/gen/real-registry.ts: 5,000
 * applications with HS prefixes, price floors, authorised sellers, aliases, short and ordinary-word
 * marks; 1,000 watched sellers) and parcels whose titles are mostly distinct, or on the bundle and
 * manifest given. Prints: the compile time and the compiled registry's heap; one core in this
 * thread once the JIT is warm (every run a new Screener and cleared caches: the titles are new to
 * it, as in a real flow), parcels/s and CPU µs per parcel; the naive string-similarity baseline in
 * the same run and the ratio; the Piscina pool; and how compile time, memory and rate grow with
 * the registry (`--scale`, in applications; '' skips). `--write DIR` also writes the registry and a
 * 100,000-parcel manifest (one item line each) for timing `npm run screen` on them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import stringSimilarity from 'string-similarity';
import type { Parcel } from '../src/domain/manifest.ts';
import { readManifest } from '../src/domain/read-manifest.ts';
import { compileRegistry, type CompiledRegistry } from '../src/screening/compile.ts';
import { RegistryBundleSchema, type RegistryBundle } from '../src/domain/registry.ts';
import { Screener } from '../src/screening/screen.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import type { TaskParcel } from '../src/screening/task.ts';
import { ManifestGenerator, type BrandName } from './gen/manifests.ts';
import { distinctTitles, realisticRegistry } from './gen/real-registry.ts';
import { loadTitles } from './gen/titles.ts';
import { median } from './lib/stats.ts';
import { Progress } from './lib/progress.ts';

const { values } = parseArgs({
  options: {
    registry: { type: 'string' },
    manifest: { type: 'string' },
    applications: { type: 'string', default: '5000' },
    sellers: { type: 'string', default: '1000' },
    parcels: { type: 'string', default: '50000' },
    'baseline-parcels': { type: 'string', default: '10' },
    scale: { type: 'string', default: '500,5000,50000' },
    'scale-parcels': { type: 'string', default: '20000' },
    threads: { type: 'string', default: String(availableParallelism()) },
    write: { type: 'string' },
  },
});

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const date = new Date().toISOString().slice(0, 10);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const titles = loadTitles();

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

function brandNamesOf(bundle: RegistryBundle): BrandName[] {
  return bundle.applications.flatMap((a) => a.trademarks.flatMap((t) => [t.mark, ...t.aliases].map((name) => ({ name, hsCodes: t.hsCodes }))));
}

/** Parcels of mostly distinct real titles, 3 % naming a registered mark, 1 % disguised, 0.5 % hazardous. */
function generateParcels(bundle: RegistryBundle, count: number, seed: number, oneLine = false): Parcel[] {
  const gen = new ManifestGenerator({ seed, titles: distinctTitles(titles.titles, Math.ceil(count * 1.2), seed), brands: brandNamesOf(bundle), brandedShare: 0.03, disguisedShare: 0.01, hazardousShare: 0.005 });
  const parcels = gen.manifest(count).parcels as Parcel[];
  return oneLine ? parcels.map((p) => ({ ...p, items: p.items.slice(0, 1) })) : parcels;
}

function readParcels(path: string): Parcel[] {
  const read = readManifest({ body: readFileSync(path), mediaType: path.endsWith('.csv') ? 'text/csv' : 'application/json', query: {}, maxParcels: 10_000_000 });
  if (!read.ok) throw new Error(`${path}: ${read.message}`);
  return read.parcels.map((p) => JSON.parse(p.data) as Parcel);
}

function compileTimed(bundle: RegistryBundle): { registry: CompiledRegistry; ms: number; cpuMs: number; heapMb: number } {
  const before = heapMb();
  const t = performance.now();
  const cpu = process.cpuUsage();
  const registry = compileRegistry(bundle, 1, date);
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - t;
  return { registry, ms, cpuMs: (used.user + used.system) / 1000, heapMb: heapMb() - before };
}

/** One pass over `list` with a new Screener and cleared per-registry caches: parcels/s and CPU µs per parcel. */
function screenOnce(registry: CompiledRegistry, list: readonly Parcel[]): { rate: number; cpuUs: number } {
  registry.editCache.clear();
  registry.soundCache.clear();
  registry.looseCache.clear();
  const screener = new Screener(registry);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const p of list) screener.screen({ itemId: p.itemId, parcel: p });
  const used = process.cpuUsage(cpu);
  return { rate: list.length / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / list.length };
}

/** JIT warm-up on other parcels, then the median of three passes. */
function warmRate(registry: CompiledRegistry, warmUp: readonly Parcel[], list: readonly Parcel[], runs = 3): { rate: number; cpuUs: number } {
  screenOnce(registry, warmUp);
  const passes = Array.from({ length: runs }, () => screenOnce(registry, list));
  return { rate: median(passes.map((p) => p.rate)), cpuUs: median(passes.map((p) => p.cpuUs)) };
}

const progress = new Progress('bench:match', 5 + (values.scale ? values.scale.split(',').length : 0));
progress.stage('building the registry and the parcels');
if (!titles.real) console.log('note: ../shared/data/titles not found; using the built-in title list');
const bundle = RegistryBundleSchema.parse(
  values.registry ? JSON.parse(readFileSync(values.registry, 'utf8')) : realisticRegistry({ applications: Number(values.applications), watchedSellers: Number(values.sellers) }).bundle,
);
const parcels = values.manifest ? readParcels(values.manifest) : generateParcels(bundle, Number(values.parcels), 5);
const warmUp = generateParcels(bundle, Math.min(20_000, parcels.length), 6);
if (values.write) {
  mkdirSync(values.write, { recursive: true });
  writeFileSync(join(values.write, 'registry.json'), JSON.stringify(bundle));
  const big = generateParcels(bundle, 100_000, 7, true);
  writeFileSync(join(values.write, 'manifest.json'), JSON.stringify({ manifestRef: 'BENCH-100K', mode: /^[A-Z]{2}\d{9}[A-Z]{2}$/.test(big[0]!.itemId) ? 'postal' : 'express', regime: 'import', destinationCountry: 'BE', parcels: big }));
  console.log(`written ${join(values.write, 'registry.json')} and ${join(values.write, 'manifest.json')} (100,000 parcels, ${new Set(big.map((p) => p.items[0]!.description)).size} distinct titles)`);
}

progress.stage('compiling the registry');
const compiled = compileTimed(bundle);
const registry = compiled.registry;

progress.stage('one core, JIT warm, 3 passes with fresh caches');
const one = warmRate(registry, warmUp, parcels);

progress.stage('naive string-similarity baseline');
// Every 1-4-word window of each description against every name with string-similarity: the
// design card's reference. A handful of parcels is enough to time it.
const names = registry.entries.map((e) => e.name.toLowerCase());
const baselineParcels = parcels.slice(0, Number(values['baseline-parcels']));
const baseStarted = performance.now();
const baseCpu = process.cpuUsage();
for (const p of baselineParcels) {
  for (const item of p.items) {
    const words = item.description.toLowerCase().split(/\s+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) for (let len = 1; len <= 4 && i + len <= words.length; len++) stringSimilarity.findBestMatch(words.slice(i, i + len).join(' '), names);
  }
}
const baseUsed = process.cpuUsage(baseCpu);
const baselineRate = baselineParcels.length / ((performance.now() - baseStarted) / 1000);
const baselineCpuUs = (baseUsed.user + baseUsed.system) / baselineParcels.length;

progress.stage(`Piscina pool, ${values.threads} workers`);
const threads = Math.max(1, Number(values.threads));
const pool = new ScreeningPool(threads);
pool.setRegistry({ version: 1, bundle: JSON.stringify(bundle) });
const tasksOf = (list: readonly Parcel[]): TaskParcel[] => list.map((p, i) => ({ id: i, itemId: p.itemId, revision: 1, data: JSON.stringify(p), regime: 'import', destinationCountry: 'BE' }));
// Once over the warm-up parcels (the workers compile or load the registry, their JIT warms up),
// then once over the measured ones: a second pass would find every description in the workers' caches.
const runPool = async (tasks: TaskParcel[]) => {
  const started = performance.now();
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < tasks.length; i += 500) jobs.push(pool.screen(tasks.slice(i, i + 500)));
  await Promise.all(jobs);
  return tasks.length / ((performance.now() - started) / 1000);
};
await runPool(tasksOf(warmUp));
const poolRate = await runPool(tasksOf(parcels));
await pool.close();

const scaleRows: { applications: number; names: number; compileMs: number; compileCpuMs: number; heapMb: number; rate: number; cpuUs: number }[] = [];
for (const size of values.scale ? values.scale.split(',').map(Number) : []) {
  progress.stage(`scale: ${fmt(size)} applications`);
  const b = RegistryBundleSchema.parse(realisticRegistry({ applications: size, watchedSellers: Number(values.sellers) }).bundle);
  const c = compileTimed(b);
  const list = generateParcels(b, Number(values['scale-parcels']), 8);
  const r = warmRate(c.registry, list.slice(0, 5000), list);
  scaleRows.push({ applications: size, names: c.registry.entries.length, compileMs: c.ms, compileCpuMs: c.cpuMs, heapMb: c.heapMb, ...r });
}
progress.done();

const rss = process.memoryUsage().rss / 1e6;
console.log(`process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(`\nscreening benchmark: ${registry.entries.length} marks and aliases in ${bundle.applications.length} applications, ${bundle.indicators.watchedSellers.length} watched sellers, ${fmt(parcels.length)} parcels (${(parcels.reduce((n, p) => n + p.items.length, 0) / parcels.length).toFixed(2)} items each, ${fmt(new Set(parcels.flatMap((p) => p.items.map((i) => i.description))).size)} distinct descriptions)${values.registry ? ` from ${values.registry}` : ''}`);
console.log(`registry compile: ${compiled.ms.toFixed(0)} ms (CPU ${compiled.cpuMs.toFixed(0)} ms), ${compiled.heapMb.toFixed(0)} MB of heap; process RSS at the end ${rss.toFixed(0)} MB`);
console.log('engine                                          parcels/s   CPU µs/parcel');
console.log(`${'parcelscreen, 1 core, JIT warm, new titles'.padEnd(46)} ${fmt(one.rate).padStart(10)}   ${one.cpuUs.toFixed(1).padStart(12)}`);
console.log(`${`parcelscreen, Piscina pool, ${threads} workers`.padEnd(46)} ${fmt(poolRate).padStart(10)}`);
console.log(`${'naive string-similarity baseline, 1 core'.padEnd(46)} ${baselineRate.toFixed(2).padStart(10)}   ${fmt(baselineCpuUs).padStart(12)}`);
console.log(`ratio 1 core / baseline: ${fmt(one.rate / baselineRate)}x (CPU per parcel: ${fmt(baselineCpuUs / one.cpuUs)}x)`);
if (scaleRows.length) {
  console.log('\nregistry size   names      compile ms (CPU)   heap MB   parcels/s   CPU µs/parcel   rate vs 5,000');
  const ref = scaleRows.find((r) => r.applications === 5000) ?? scaleRows[0]!;
  for (const r of scaleRows) {
    console.log(`${fmt(r.applications).padStart(13)}   ${fmt(r.names).padStart(6)}   ${`${fmt(r.compileMs)} (${fmt(r.compileCpuMs)})`.padStart(16)}   ${r.heapMb.toFixed(0).padStart(7)}   ${fmt(r.rate).padStart(9)}   ${r.cpuUs.toFixed(1).padStart(13)}   ${`${Math.round((100 * ref.cpuUs) / r.cpuUs)} %`.padStart(13)}`);
  }
  console.log('(rate vs 5,000: CPU per parcel at 5,000 applications over CPU per parcel at this size)');
}
