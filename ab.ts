// A/B of the screening engine: the base tree and this tree in one process, cold caches, alternating rounds, CPU time.
import type { Parcel } from '/work/wt/engine/src/domain/manifest.ts';
const A = '/tmp/engine-base';
const B = '/work/wt/engine';
async function load(root: string) {
  const { compileRegistry } = await import(`${root}/src/screening/compile.ts`);
  const { RegistryBundleSchema } = await import(`${root}/src/screening/registry-schema.ts`);
  const { Screener } = await import(`${root}/src/screening/screen.ts`);
  const { largeRegistry } = await import(`${root}/bench/gen/registry.ts`);
  const bundle = RegistryBundleSchema.parse(largeRegistry(`${root}/data/sample-registry.json`, 5000, 1000));
  const t = process.cpuUsage();
  const registry = compileRegistry(bundle, 1, new Date().toISOString().slice(0, 10));
  const c = process.cpuUsage(t);
  return { registry, Screener, compileMs: (c.user + c.system) / 1000 };
}
const { ManifestGenerator } = await import(`${B}/bench/gen/manifests.ts`);
const { loadTitles } = await import(`${B}/bench/gen/titles.ts`);
const parcels: Parcel[] = new ManifestGenerator({ seed: 5, titles: loadTitles().titles }).manifest(Number(process.argv[2] ?? 50000)).parcels;
const engines = { base: await load(A), new: await load(B) };
console.log(`compile ms cpu: base ${engines.base.compileMs.toFixed(0)}, new ${engines.new.compileMs.toFixed(0)}`);
const res: Record<string, number[]> = { base: [], new: [] };
for (let round = 0; round < 4; round++) {
  for (const name of (round % 2 ? ['new', 'base'] : ['base', 'new']) as ('base' | 'new')[]) {
    const e = engines[name];
    e.registry.editCache.clear();
    const s = new e.Screener(e.registry);
    const t = process.cpuUsage();
    for (const p of parcels) s.screen({ itemId: p.itemId, parcel: p });
    const c = process.cpuUsage(t);
    res[name]!.push(parcels.length / ((c.user + c.system) / 1e6));
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const k of ['base', 'new']) console.log(k, res[k]!.map((x) => Math.round(x)).join(' '), 'median', Math.round(med(res[k]!)));
console.log('new/base', (med(res.new!) / med(res.base!)).toFixed(3));
