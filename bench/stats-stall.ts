/**
 * `npm run bench:stats-stall [-- --parcels 1000000]`
 *
 * How long a statistics request stalls the event loop on a large SQLite database: `--parcels`
 * parcels filed long ago and 5,000 in the requested range, then `GET /v1/stats` for that range
 * (its first page walks every older parcel: no index serves a date range), with the scan on the
 * HTTP thread and on the background thread in turn. Prints the request time and the longest gap
 * between 1 ms ticks of a timer on the event loop, which is what every other request waited.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { Progress } from './lib/progress.ts';
import { buildTestApp } from '../test/support/app.ts';

const { values } = parseArgs({ options: { parcels: { type: 'string', default: '1000000' } } });
const older = Number(values.parcels);

const progress = new Progress('bench:stats-stall', 2);
progress.stage(`filing ${older + 5000} parcels in one transaction`);
const db = await connect(tempSqliteUrl(), { sqliteSynchronous: 'NORMAL' });
await migrateToLatest(db);
const sqlite = db.sqlite!;
sqlite.prepare(`insert into manifests (id, operator_code, manifest_ref, mode, regime, destination_country, received_at) values ('M', 'OP', 'R', 'postal', 'import', 'BE', '2026-01-01T00:00:00.000Z')`).run();
const data = JSON.stringify({ itemId: 'X', items: [{ value: 15, currency: 'EUR' }] });
const insert = sqlite.prepare(`insert into parcels (manifest_id, operator_code, item_id, position, category, seller_name, origin_country, data, revision, status, received_at, decision)
  values ('M', 'OP', ?, 0, 'gift', 'S', 'CN', ?, 1, 'screened', ?, 'release')`);
sqlite.transaction(() => {
  for (let i = 0; i < older + 5000; i++) insert.run(`ID${i}`, data, i < older ? '2026-01-01T00:00:00.000Z' : '2026-11-30T00:00:00.000Z');
})();

progress.stage('four statistics requests, the scan on each thread in turn');
const app = await buildTestApp(db);
const background = db.readInBackground;
console.log(`\nGET /v1/stats over the last 5,000 of ${older + 5000} parcels, SQLite`);
for (const where of ['HTTP thread', 'background thread', 'HTTP thread', 'background thread']) {
  db.readInBackground = where === 'background thread' ? background : undefined;
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const res = await app.request('/v1/stats?from=2026-11-29&to=2026-11-30&groupBy=decision', { key: app.keys.customs });
  const requestMs = performance.now() - started;
  const { total } = (await res.json()) as { total: number };
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(ticker);
  console.log(`scan on the ${where.padEnd(17)} request ${requestMs.toFixed(0).padStart(5)} ms, longest event-loop gap ${longestGap.toFixed(0).padStart(5)} ms (${total} parcels counted)`);
}
db.readInBackground = background;
progress.done();
await db.close();
process.exit(0);
