/**
 * `npm run bench:ingest-stages [-- --manifests 40 --parcels 1000]`
 *
 * The cost of each stage of filing one manifest, measured in-process without HTTP or a load
 * generator competing for the cores: decode, JSON.parse, validation, serialisation (the ingest
 * worker's share) and the SQLite transaction (the HTTP thread's share). Medians per
 * 1,000-parcel manifest and the parcels/s one core would carry at that cost.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fileManifest } from '../src/db/manifests.ts';
import { readManifest } from '../src/domain/read-manifest.ts';
import { validateManifest } from '../src/domain/validate-manifest.ts';
import { parseJsonBytes } from '../src/domain/json-bytes.ts';
import { loadTitles } from './gen/titles.ts';
import { ManifestGenerator } from './gen/manifests.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { median } from './lib/stats.ts';
import { Progress } from './lib/progress.ts';

const { values } = parseArgs({
  options: {
    manifests: { type: 'string', default: '40' },
    parcels: { type: 'string', default: '1000' },
    synchronous: { type: 'string', default: 'FULL' },
  },
});
const manifestCount = Number(values.manifests);
const parcelsPer = Number(values.parcels);

const progress = new Progress('bench:ingest-stages', 3);
progress.stage(`building ${manifestCount} manifests of ${parcelsPer} parcels`);
const titles = loadTitles();
if (!titles.real) console.error('note: ../shared/data/titles not found; using the built-in title list');
const gen = new ManifestGenerator({ seed: 11, titles: titles.titles });
const bodies = Array.from({ length: manifestCount }, () =>
  new TextEncoder().encode(JSON.stringify(gen.manifest(parcelsPer))),
);

const stages: Record<string, number[]> = { decode: [], 'JSON.parse': [], 'parseJsonBytes (decode + parse)': [], validate: [], 'read (all of the above + stored text)': [], 'store (SQLite transaction)': [] };
const time = <T>(stage: string, fn: () => T): T => {
  const t0 = performance.now();
  const out = fn();
  stages[stage]!.push(performance.now() - t0);
  return out;
};

const db = await connect(tempSqliteUrl(), { sqliteSynchronous: values.synchronous as 'FULL' | 'NORMAL' });
await migrateToLatest(db);
const decoder = new TextDecoder();
for (let round = 0; round < 2; round++) {
  // Round 0 warms the JIT and the database file; round 1 is measured.
  progress.stage(round === 0 ? 'warm-up round' : 'measured round');
  const done = progress.counter('manifests', bodies.length);
  for (const s of Object.values(stages)) s.length = 0;
  for (const [i, bytes] of bodies.entries()) {
    const text = time('decode', () => decoder.decode(bytes));
    const body = time('JSON.parse', () => JSON.parse(text) as unknown);
    time('parseJsonBytes (decode + parse)', () => parseJsonBytes(bytes));
    time('validate', () => validateManifest(body, 10_000));
    const read = time('read (all of the above + stored text)', () => readManifest({ body: bytes, mediaType: 'application/json', query: {}, maxParcels: 10_000 }));
    if (!read.ok) throw new Error(read.message);
    const operator = `R${round}`;
    const t0 = performance.now();
    await fileManifest(db, operator, { ...read.header, manifestRef: `${read.header.manifestRef}-${i}` }, read.parcels);
    stages['store (SQLite transaction)']!.push(performance.now() - t0);
    done(i + 1);
  }
}
progress.done();
await db.close();

console.log(`\ningest stages: ${manifestCount} manifests of ${parcelsPer} parcels (~${Math.round(bodies[0]!.length / parcelsPer)} bytes each), SQLite synchronous=${values.synchronous}`);
console.log(`${'stage'.padEnd(40)} ${'median ms'.padStart(10)} ${'parcels/s/core'.padStart(15)}`);
for (const [stage, xs] of Object.entries(stages)) {
  const ms = median(xs);
  console.log(`${stage.padEnd(40)} ${ms.toFixed(2).padStart(10)} ${String(Math.round((parcelsPer * 1000) / ms)).padStart(15)}`);
}
