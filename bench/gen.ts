/**
 * `npm run gen -- --manifests 10 --parcels 1000 --out /tmp/manifests [--branded 0.05 --disguised 0.02 --hazardous 0.01 --seed 1]`
 *
 * Writes realistic manifests as JSON files: postal parcels with valid S10 ids and express parcels
 * with courier tracking numbers, 1 to 5 item lines from real titles (../shared/data/titles when
 * present), sellers, origins, HS codes and values, a share of branded, disguised and hazardous
 * lines (marks from --registry), and the repetition real manifests have. Seeded: the same
 * arguments write the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brandNamesFrom } from './gen/brand-names.ts';
import { ManifestGenerator } from './gen/manifests.ts';
import { loadTitles } from './gen/titles.ts';
import { Progress } from './lib/progress.ts';

const { values } = parseArgs({
  options: {
    manifests: { type: 'string', default: '10' },
    parcels: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench/out' },
    registry: { type: 'string', default: 'data/sample-registry.json' },
    branded: { type: 'string', default: '0.03' },
    disguised: { type: 'string', default: '0.01' },
    hazardous: { type: 'string', default: '0.005' },
    express: { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '1' },
  },
});

const titles = loadTitles();
if (!titles.real) process.stderr.write('note: ../shared/data/titles not found; using the built-in title list\n');
const gen = new ManifestGenerator({
  seed: Number(values.seed),
  titles: titles.titles,
  brands: brandNamesFrom(values.registry!),
  brandedShare: Number(values.branded),
  disguisedShare: Number(values.disguised),
  hazardousShare: Number(values.hazardous),
  expressShare: Number(values.express),
});
mkdirSync(values.out!, { recursive: true });
// stdout lists the files written; progress goes to stderr.
const progress = new Progress('gen');
const written = progress.counter('manifests written', Number(values.manifests));
for (let i = 0; i < Number(values.manifests); i++) {
  const m = gen.manifest(Number(values.parcels));
  const file = join(values.out!, `${m.manifestRef}.json`);
  writeFileSync(file, JSON.stringify(m));
  process.stdout.write(`${file}\n`);
  written(i + 1);
}
