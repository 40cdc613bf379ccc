/**
 * `npm run bench:sqlite-rows [-- --manifests 30 --rounds 4]`
 *
 * What a stored parcel costs the HTTP thread in SQLite, and which part of the schema that cost
 * comes from: 1,000-parcel transactions through `insertParcels` (`src/db/parcel-insert.ts`, the
 * filing's own insert), into the migrated schema and into copies of it with one index dropped,
 * plus binding the same ten parameters to a statement that stores nothing. Each variant
 * has its own database file (synchronous=NORMAL: the fsync is not the HTTP thread's), and the
 * variants take turns manifest by manifest so that the machine's noise falls on all of them.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { connect, type Db } from '../src/db/connect.ts';
import { insertParcels } from '../src/db/parcel-insert.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { readManifest, type PreparedParcel } from '../src/domain/read-manifest.ts';
import { loadTitles } from './gen/titles.ts';
import { ManifestGenerator } from './gen/manifests.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { Progress } from './lib/progress.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    manifests: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '4' },
  },
});

const progress = new Progress('bench:sqlite-rows', 2);
progress.stage(`reading ${values.manifests} manifests of 1,000 parcels`);
const titles = loadTitles();
if (!titles.real) console.error('note: ../shared/data/titles not found; using the built-in title list');
const gen = new ManifestGenerator({ seed: 11, titles: titles.titles });
const manifests: PreparedParcel[][] = Array.from({ length: Number(values.manifests) }, () => {
  const read = readManifest({ body: new TextEncoder().encode(JSON.stringify(gen.manifest(1000))), mediaType: 'application/json', query: {}, maxParcels: 10_000 });
  if (!read.ok) throw new Error(read.message);
  return read.parcels;
});

const FILING = { manifestId: '8f2d6c1e-4b3a-4c9e-9f1d-2a7b5c3e1d0f', status: 'pending', receivedAt: '2026-11-30T05:10:11.123Z' } as const;

interface Variant {
  name: string;
  db: Db;
  run: (operator: string, parcels: PreparedParcel[]) => Promise<unknown>;
}

async function variant(name: string, dropIndex: string | null, bindOnly = false): Promise<Variant> {
  const db = await connect(tempSqliteUrl(), { sqliteSynchronous: 'NORMAL', sqliteBackgroundThread: false });
  await migrateToLatest(db);
  const sqlite = db.sqlite!;
  if (dropIndex) sqlite.exec(`drop index ${dropIndex}`);
  sqlite.prepare(`insert into manifests (id, operator_code, manifest_ref, mode, regime, destination_country, received_at) values (?, 'X', 'R', 'postal', 'import', 'BE', ?)`).run(FILING.manifestId, FILING.receivedAt);
  if (bindOnly) {
    // The insert's ten parameters, bound the same way, to a statement that stores nothing.
    const stmt = sqlite.prepare('select ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where 0');
    const bindAll = sqlite.transaction((operator: string, parcels: PreparedParcel[]) => {
      for (const p of parcels) stmt.run(FILING.manifestId, operator, p.itemId, p.index, p.category, p.sellerName, p.originCountry, p.data, FILING.status, FILING.receivedAt);
    });
    return { name, db, run: async (operator, parcels) => bindAll(operator, parcels) };
  }
  return { name, db, run: (operator, parcels) => db.kysely.transaction().execute((trx) => insertParcels(db, trx, { ...FILING, operatorCode: operator }, parcels)) };
}

const variants = [
  await variant('schema as migrated', null),
  await variant('without parcels_manifest', 'parcels_manifest'),
  await variant('without parcels_open_status', 'parcels_open_status'),
  await variant('binding only (stores nothing)', null, true),
];
const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
let operator = 0;
progress.stage(`${values.rounds} rounds (the first unmeasured) of ${variants.length} variants`);
const roundsDone = progress.counter('rounds', Number(values.rounds));
for (let round = 0; round < Number(values.rounds); round++) {
  roundsDone(round);
  for (const [i, parcels] of manifests.entries()) {
    // A different variant goes first each time.
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(i + round + k) % variants.length]!;
      const t0 = performance.now();
      await v.run(`OP${operator++}`, parcels);
      if (round > 0) times.get(v.name)!.push(performance.now() - t0);
    }
  }
}
for (const v of variants) await v.db.close();
progress.done();

console.log(`\nSQLite rows: ${manifests.length} manifests of 1,000 parcels x ${Number(values.rounds) - 1} measured rounds, synchronous=NORMAL, median per manifest`);
// Milliseconds per 1,000 parcels are microseconds per parcel.
console.log(`${'variant'.padEnd(34)} ${'µs per parcel'.padStart(14)}`);
for (const [name, xs] of times) console.log(`${name.padEnd(34)} ${median(xs).toFixed(2).padStart(14)}`);
