import type { Parcel } from './src/domain/manifest.ts';
import { compileRegistry } from './src/screening/compile.ts';
import { RegistryBundleSchema } from './src/screening/registry-schema.ts';
import { Screener } from './src/screening/screen.ts';
import { largeRegistry } from './bench/gen/registry.ts';
import { ManifestGenerator } from './bench/gen/manifests.ts';
import { loadTitles } from './bench/gen/titles.ts';
const registry = compileRegistry(RegistryBundleSchema.parse(largeRegistry('data/sample-registry.json', 5000, 1000)), 1, '2026-06-01');
const parcels: Parcel[] = new ManifestGenerator({ seed: 5, titles: loadTitles().titles }).manifest(50000).parcels;
for (let r = 0; r < 3; r++) { registry.editCache.clear(); const s = new Screener(registry); const t = performance.now(); for (const p of parcels) s.screen({ itemId: p.itemId, parcel: p }); console.log(Math.round(parcels.length / ((performance.now() - t) / 1000))); }
