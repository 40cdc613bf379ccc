/**
 * `npm run bench:console`: the web console's pages on a queue of 1,000,000 parcels.
 *
 * Fills a fresh SQLite file through the db layer (kysely batch inserts: manifests of 1,000
 * parcels over 30 days, 12 operators, realistic origins and regimes, 88 % released, 8 % in review,
 * 4 % held, marks and trademark reasons on the flagged, outcomes on half the older holds), starts
 * the real server (src/main.ts, screening off), signs in as a customs officer and an admin through
 * the sign-in form, and times sequential requests per page: p50 and p99 of the queue (first page,
 * each filter, a deep page by cursor), the case file, and the statistics (cold, per new range,
 * and warm). Prints the query plan of each queue filter.
 *
 * Options: --parcels 1000000 --requests 200
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect, type Db } from '../src/db/connect.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { reviewQueueQuery, searchIds } from '../src/db/review-queue.ts';
import { QueueForm, toFilter } from '../src/console/queue-filter.ts';
import type { Decision } from '../src/db/schema.ts';
import { startServer } from './lib/console-server.ts';
import { Progress } from './lib/progress.ts';
import { median, percentile } from './lib/stats.ts';

const { values: opts } = parseArgs({ options: { parcels: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '200' } } });
const TOTAL = Number(opts.parcels);
const REQUESTS = Number(opts.requests);
const PER_MANIFEST = 1000;
const DAYS = 30;
const END = Date.parse('2026-06-30T23:00:00Z');
const progress = new Progress('bench:console', 5);

const OPERATORS = ['DHLX', 'UPSX', 'FDXE', 'POSTNL', 'BPOST', 'LAPOSTE', 'DPAG', 'CNPOST', 'YUNEXP', 'CAINIAO', 'ARAMEX', 'TNTX'];
const ORIGINS: [string, number][] = [['CN', 0.6], ['HK', 0.1], ['TR', 0.07], ['US', 0.06], ['GB', 0.04], ['VN', 0.04], ['IN', 0.03], ['TH', 0.02], ['AE', 0.02], ['KR', 0.02]];
const MARKS = ['Nike', 'Adidas', 'Gucci', 'Louis Vuitton', 'Rolex', 'Apple', 'Chanel', 'Prada', 'Casio', 'Samsung', 'Puma', 'Ray-Ban', 'Hermès', 'Burberry', 'Dior', 'Lego', 'Pandora', 'JBL', 'Sony', 'Moncler'];
const SELLERS = Array.from({ length: 500 }, (_, i) => `Seller ${i} Trading Co`);
const GOODS = ['running shoes', 'handbag', 'wrist watch', 'wireless earbuds', 'perfume 100ml', 'sunglasses', 'hoodie', 'phone case', 'toy bricks set', 'silk scarf'];

/** mulberry32: deterministic (the same database every run) and without the serial correlation of a plain LCG. */
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const weighted = (xs: readonly [string, number][]) => {
  let r = rand();
  for (const [v, w] of xs) if ((r -= w) < 0) return v;
  return xs[0]![0];
};

async function fill(db: Db): Promise<{ heldId: number }> {
  const manifests = Math.ceil(TOTAL / PER_MANIFEST);
  let id = 0;
  let heldId = 0;
  progress.stage(`filling ${TOTAL.toLocaleString('en')} parcels`, { detail: () => `${id.toLocaleString('en')} written` });
  for (let m = 0; m < manifests; m++) {
    const operator = OPERATORS[m % OPERATORS.length]!;
    const receivedAt = new Date(END - (1 - m / manifests) * DAYS * 86_400_000).toISOString();
    const manifestId = `bench-${m}`;
    const regime = rand() < 0.9 ? 'import' : pick(['export', 'transit']);
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('manifests').values({ id: manifestId, operator_code: operator, manifest_ref: `MAWB-${m}`, mode: 'postal', regime, destination_country: 'BE', received_at: receivedAt }).execute();
      const parcels = [];
      const decisions = [];
      const outcomes = [];
      for (let i = 0; i < PER_MANIFEST && id < TOTAL; i++) {
        id++;
        const r = rand();
        const decision: Decision = r < 0.04 ? 'hold' : r < 0.12 ? 'review' : 'release';
        const flagged = decision !== 'release';
        const mark = flagged && rand() < 0.8 ? pick(MARKS) : null;
        const risk = decision === 'hold' ? 70 + Math.floor(rand() * 31) : decision === 'review' ? 35 + Math.floor(rand() * 35) : Math.floor(rand() * 35);
        const goods = pick(GOODS);
        const description = mark ? `${mark.replace(/i/g, '1')} ${goods}, replica` : `${goods}, generic`;
        const seller = pick(SELLERS);
        const origin = weighted(ORIGINS);
        const itemId = `BE${String(id).padStart(9, '0')}X`;
        const data = JSON.stringify({
          itemId, category: 'sale_of_goods', seller: { name: seller, country: origin, marketplace: 'ShopNow' },
          sender: { name: 'Sender Ltd', address: '1 Road', country: origin }, consignee: { name: 'A. Peeters', address: 'Kerkstraat 1, Gent', country: 'BE' },
          items: [{ description, hsCode: '640411', quantity: 1, value: 10 + Math.round(rand() * 9000) / 100, currency: 'EUR', originCountry: origin, netWeightKg: 0.5 }], grossWeightKg: 0.6,
        });
        let outcome: string | null = null;
        if (decision === 'hold' && Date.parse(receivedAt) < END - 3 * 86_400_000 && rand() < 0.5) outcome = pick(['detained', 'seized', 'released', 'detained']);
        parcels.push({
          id, manifest_id: manifestId, operator_code: operator, item_id: itemId, position: i, category: 'sale_of_goods', seller_name: seller, data, revision: 1, status: 'screened' as const,
          claimed_at: null, decision, risk_score: risk, decided_at: receivedAt, received_at: receivedAt, claim_token: null, registry_version: 1, customs_outcome: outcome,
          origin_country: origin, marks: mark, application_ids: mark ? `AFA-${mark}` : null, confirm_by: null, personal_data_purged_at: null,
        });
        if (flagged) {
          const reasons = [
            ...(mark ? [{ kind: 'trademark', mark, applicationId: `AFA-${mark}`, field: 'items[0].description', matched: mark.replace(/i/g, '1'), start: 0, end: mark.length, similarity: 0.9, weight: 72, note: `disguised spelling of "${mark}"` }] : []),
            { kind: 'keyword', field: 'items[0].description', matched: 'replica', start: description.length - 7, end: description.length, weight: 60, note: 'counterfeit slang "replica"' },
          ];
          decisions.push({ parcel_id: id, parcel_revision: 1, registry_version: 1, decision, risk_score: risk, reasons: JSON.stringify(reasons), decided_at: receivedAt });
          if (decision === 'hold' && !heldId && mark) heldId = id;
        }
        if (outcome) outcomes.push({ parcel_id: id, action: outcome, note: null, officer: 'customs:bench', at: receivedAt });
      }
      for (let k = 0; k < parcels.length; k += 500) await trx.insertInto('parcels').values(parcels.slice(k, k + 500)).execute();
      for (let k = 0; k < decisions.length; k += 500) await trx.insertInto('decisions').values(decisions.slice(k, k + 500)).execute();
      if (outcomes.length) await trx.insertInto('outcomes').values(outcomes).execute();
    });
    // better-sqlite3 runs synchronously: let the progress timer speak between manifests.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sql`analyze`.execute(db.kysely);
  return { heldId };
}

/** Signs in through the form, as a browser would; returns the session cookie. */
async function signIn(base: string, key: string): Promise<string> {
  const form = await fetch(`${base}/console/login`);
  const login = form.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const answer = await fetch(`${base}/console/login`, { method: 'POST', redirect: 'manual', headers: { cookie: login, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, key }).toString() });
  if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status}`);
  return answer.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
}

async function time(base: string, cookie: string, path: string, n: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
    if (i >= 5) times.push(ms); // the first few warm caches and the JIT
    bytes = body.length;
  }
  times.sort((a, b) => a - b);
  return { p50: median(times), p99: percentile(times, 99), bytes };
}

const dir = mkdtempSync(join(tmpdir(), 'parcelscreen-console-bench-'));
const url = `sqlite:${join(dir, 'console.db')}`;
const db = await connect(url, { sqliteSynchronous: 'NORMAL', sqliteBackgroundThread: false });
await migrateToLatest(db);
const officerKey = (await createApiKey(db, { role: 'customs', label: 'bench officer' })).key;
const fillStarted = performance.now();
const { heldId } = await fill(db);
const fillSeconds = (performance.now() - fillStarted) / 1000;

progress.stage('query plans of the queue filters');
const now = new Date(END).toISOString();
const counts = await db.kysely.selectFrom('parcels').select(['decision', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('decision').execute();
const flaggedCount = counts.filter((c) => c.decision !== 'release').reduce((n, c) => n + Number(c.n), 0);
const DEEP = Math.min(50_000, Math.floor(flaggedCount / 2));
const deepCursor = await (async () => {
  // Only to find where page 1,000 starts: the console itself never uses OFFSET.
  const row = await db.kysely.selectFrom('parcels').select(['id', 'risk_score']).where('decision', 'in', ['hold', 'review']).where((eb) => eb.or([eb('customs_outcome', 'is', null), eb('customs_outcome', 'not in', ['released', 'destroyed', 'returned'])])).orderBy('risk_score', 'desc').orderBy('id').offset(DEEP - 1).limit(1).executeTakeFirstOrThrow();
  return `${row.risk_score}:${row.id}`;
})();
const FILTERS: [string, string][] = [
  ['first page (open, hold and review)', ''],
  ['decision=hold', 'decision=hold'],
  ['status=all', 'status=all'],
  ['status=closed', 'status=closed'],
  ['status=overdue', 'status=overdue'],
  ['operator=CAINIAO', 'operator=CAINIAO'],
  ['origin=TR', 'origin=TR'],
  ['regime=transit', 'regime=transit'],
  ['mark=Moncler', 'mark=Moncler'],
  ['received in the last 2 days', `from=2026-06-29&to=2026-06-30`],
  ['seller (exact name)', `seller=${encodeURIComponent('Seller 17 Trading Co')}`],
  ['search by item id', `q=BE${String(heldId).padStart(9, '0')}X`],
  ['search by manifest reference', 'q=MAWB-500'],
  ['operator + origin + mark', 'operator=DHLX&origin=CN&mark=Nike'],
  [`deep page (${DEEP.toLocaleString('en')} rows in, by cursor)`, `after=${deepCursor}`],
];
const plans: string[] = [];
for (const [name, query] of FILTERS) {
  // The very filter and statement the queue page builds, explained by SQLite with its parameters.
  const filter = toFilter(QueueForm.parse(Object.fromEntries(new URLSearchParams(query))));
  const found = filter.search ? await searchIds(db, filter.search) : null;
  const compiled = reviewQueueQuery(db, filter, now, found).compile();
  const rows = db.sqlite!.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
  plans.push(`${name}: ${rows.map((r) => r.detail).join(' | ')}`);
}
await db.close();

progress.stage('starting the server on the filled database');
const server = await startServer({ DATABASE_URL: url, REGISTRY_SEED: 'none', SCREENING_THREADS: '0', SQLITE_SYNCHRONOUS: 'NORMAL', PROCEDURE_CHECK_SECONDS: '86400', CONSOLE_SECURE_COOKIES: 'false' });
const rows: [string, { p50: number; p99: number; bytes: number }][] = [];
try {
  const cookie = await signIn(server.base, officerKey);
  progress.stage(`timing ${FILTERS.length + 4} pages, ${REQUESTS} requests each`, { detail: () => `${rows.length} pages done` });
  for (const [name, query] of FILTERS) rows.push([`queue: ${name}`, await time(server.base, cookie, `/console/queue${query ? `?${query}` : ''}`, REQUESTS)]);
  rows.push(['case file of a held parcel', await time(server.base, cookie, `/console/parcels/${heldId}`, REQUESTS)]);
  // Statistics: each new range is computed (cold); the same range within a minute is served from the node's memo (warm).
  const cold: number[] = [];
  for (let d = 0; d < 5; d++) {
    const to = new Date(END - d * 86_400_000).toISOString().slice(0, 10);
    const started = performance.now();
    const res = await fetch(`${server.base}/console/stats?to=${to}`, { headers: { cookie } });
    await res.text();
    cold.push(performance.now() - started);
  }
  cold.sort((a, b) => a - b);
  rows.push(['statistics, 30 days, computed (5 ranges)', { p50: median(cold), p99: cold.at(-1)!, bytes: 0 }]);
  rows.push(['statistics, 30 days, within the minute', await time(server.base, cookie, `/console/stats?to=${new Date(END).toISOString().slice(0, 10)}`, Math.min(REQUESTS, 50))]);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
progress.stage('done');

const fmt = (ms: number) => ms.toFixed(1).padStart(8);
console.log(`\nconsole pages on ${TOTAL.toLocaleString('en')} parcels (${counts.map((c) => `${c.decision}: ${Number(c.n).toLocaleString('en')}`).join(', ')}); filled in ${fillSeconds.toFixed(0)} s`);
console.log(`sequential requests, one client, ${REQUESTS} per page after 5 warm-up (statistics computed: 5 requests, max shown as p99)\n`);
console.log(`${'page'.padEnd(58)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'KB'.padStart(7)}`);
for (const [name, r] of rows) console.log(`${name.padEnd(58)}${fmt(r.p50)}${fmt(r.p99)}${(r.bytes / 1024).toFixed(0).padStart(7)}`);
console.log('\nquery plans (SQLite):');
for (const p of plans) console.log(`  ${p}`);
