import type { Parcel } from './src/domain/manifest.ts';
import { ManifestGenerator } from './bench/gen/manifests.ts';
import { loadTitles } from './bench/gen/titles.ts';
async function load(root: string) {
  const { compileRegistry } = await import(`${root}/src/screening/compile.ts`);
  const { RegistryBundleSchema } = await import(`${root}/src/screening/registry-schema.ts`);
  const { Screener } = await import(`${root}/src/screening/screen.ts`);
  const { largeRegistry } = await import(`${root}/bench/gen/registry.ts`);
  return { registry: compileRegistry(RegistryBundleSchema.parse(largeRegistry(`${root}/data/sample-registry.json`, 5000, 1000)), 1, '2026-06-01'), Screener };
}
const parcels: Parcel[] = new ManifestGenerator({ seed: 5, titles: loadTitles().titles }).manifest(50000).parcels;
const descs = [...new Set(parcels.flatMap((p) => p.items.map((i) => i.description)))];
const base = await load('/tmp/engine-base'); const mine = await load('/work/wt/engine');
const variants = ['base', 'full', 'NO2', 'NOANA', 'NOAFFIX', 'NOSOUND', 'ALL'];
const res: Record<string, number[]> = {};
for (let r = 0; r < 5; r++) for (const v of variants) {
  const g = globalThis as any; for (const f of ['NO2', 'NOANA', 'NOAFFIX', 'NOSOUND']) g[f] = v === f || v === 'ALL';
  const e = v === 'base' ? base : mine; e.registry.editCache.clear(); e.registry.soundCache?.clear();
  const s = new e.Screener(e.registry); const t = process.cpuUsage(); for (const d of descs) s.analyseDescription(d); const c = process.cpuUsage(t);
  (res[v] ??= []).push((c.user + c.system) / descs.length);
}
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(8), v.map((x) => x.toFixed(0)).join(' '), ' median', [...v].sort((a, b) => a - b)[2]!.toFixed(0));
