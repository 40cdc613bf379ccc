/**
 * `node --import tsx bench/engine-ab.ts --base DIR [--registry bundle.json --manifest manifest.json --parcels 20000]`
 *
 * The screening engine of another tree (DIR: e.g. `git archive <commit> | tar -x -C DIR`, with
 * node_modules linked in) against this one in the same process, on the same parcels, passes
 * alternated: CPU µs per parcel of each, median of four, and the ratio. On a shared machine this is
 * the comparison that holds; two benchmark runs minutes apart differ by 2x. Defaults to the files
 * `npm run bench:match -- --write /tmp/speed-data` writes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as headCompile from '../src/screening/compile.ts';
import * as headScreen from '../src/screening/screen.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import type { Parcel } from '../src/domain/manifest.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    registry: { type: 'string', default: '/tmp/speed-data/registry.json' },
    manifest: { type: 'string', default: '/tmp/speed-data/manifest.json' },
    parcels: { type: 'string', default: '20000' },
  },
});
if (!values.base) {
  console.error('usage: node --import tsx bench/engine-ab.ts --base DIR [--registry bundle.json --manifest manifest.json --parcels 20000]');
  process.exit(2);
}

interface Engine {
  name: string;
  registry: headCompile.CompiledRegistry;
  Screener: typeof headScreen.Screener;
}

const from = (file: string) => pathToFileURL(join(resolve(values.base!), file)).href;
const baseCompile = (await import(from('src/screening/compile.ts'))) as typeof headCompile;
const baseScreen = (await import(from('src/screening/screen.ts'))) as typeof headScreen;
const bundle = RegistryBundleSchema.parse(JSON.parse(readFileSync(values.registry!, 'utf8')));
const parcels = (JSON.parse(readFileSync(values.manifest!, 'utf8')) as { parcels: Parcel[] }).parcels;
const date = new Date().toISOString().slice(0, 10);
const engines: Engine[] = [
  { name: 'base', registry: baseCompile.compileRegistry(bundle, 1, date), Screener: baseScreen.Screener },
  { name: 'this tree', registry: headCompile.compileRegistry(bundle, 1, date), Screener: headScreen.Screener },
];

function pass(e: Engine, list: readonly Parcel[]): number {
  e.registry.editCache.clear();
  e.registry.soundCache.clear();
  e.registry.looseCache.clear();
  const screener = new e.Screener(e.registry);
  const cpu = process.cpuUsage();
  for (const p of list) screener.screen({ itemId: p.itemId, parcel: p });
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / list.length;
}

const list = parcels.slice(0, Number(values.parcels));
for (const e of engines) pass(e, parcels.slice(-20_000)); // JIT warm-up on other parcels
const cost = new Map<string, number[]>(engines.map((e) => [e.name, []]));
for (let round = 0; round < 4; round++) for (const e of round % 2 ? [...engines].reverse() : engines) cost.get(e.name)!.push(pass(e, list));
for (const [name, runs] of cost) console.log(`${name.padEnd(10)} CPU µs/parcel ${runs.map((x) => x.toFixed(1)).join(' / ')}, median ${median(runs).toFixed(1)}`);
console.log(`this tree / base: ${(median(cost.get('this tree')!) / median(cost.get('base')!)).toFixed(2)}`);
