/**
 * `npm run load -- <ingest|steady> [--url http://… --key psk_…]`
 *
 * Runs a k6 scenario of bench/k6/ with autocannon (the k6 binary cannot be installed here),
 * reading the same parameters and thresholds from bench/k6/scenarios.json. Without --url it starts
 * a real server on a fresh SQLite file (or DATABASE_URL). Prints per-stage figures and exits 1 when
 * a threshold fails, as k6 would.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { loadTitles } from './gen/titles.ts';
import { runCustomsLoad, type CustomsLoadResult } from './lib/customs-load.ts';
import { runIngestLoad, type IngestLoadResult } from './lib/ingest-load.ts';
import { startServer, type RunningServer } from './lib/server.ts';
import { tempSqliteUrl } from './lib/temp-db.ts';
import { Progress } from './lib/progress.ts';

interface Thresholds {
  p99Ms: number;
  errorRate: number;
}
interface Scenarios {
  customs: { description: string; parcelsPerManifest: number; manifestsPerSecond: number; seconds: number; customsRequestsPerSecond: number; thresholds: Thresholds };
  ingest: { description: string; parcelsPerManifest: number; stages: { manifestsPerSecond: number; seconds: number }[]; thresholds: Thresholds };
  steady: { description: string; parcelsPerManifest: number; manifestsPerSecond: number; seconds: number; thresholds: Thresholds };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { url: { type: 'string' }, key: { type: 'string' }, 'customs-key': { type: 'string' } } });
const name = positionals[0];
const scenarios = JSON.parse(readFileSync(new URL('./k6/scenarios.json', import.meta.url), 'utf8')) as Scenarios;
if (name !== 'ingest' && name !== 'steady' && name !== 'customs') {
  console.error('usage: npm run load -- <ingest|steady|customs> [--url http://host:port --key psk_… --customs-key psk_…]');
  process.exit(2);
}

const stages = name === 'ingest' ? scenarios.ingest.stages : [{ manifestsPerSecond: scenarios[name].manifestsPerSecond, seconds: scenarios[name].seconds }];
const progress = new Progress(`load ${name}`, stages.length + (values.url && values.key ? 0 : 2));
let server: RunningServer | null = null;
let url = values.url;
let key = values.key;
let customsKey = values['customs-key'];
if (!url || !key) {
  progress.stage('starting a server on a fresh database');
  const databaseUrl = process.env.DATABASE_URL ?? tempSqliteUrl();
  const db = await connect(databaseUrl);
  await migrateToLatest(db);
  key = (await createApiKey(db, { role: 'operator', operatorCode: `LOAD${Date.now()}` })).key;
  customsKey = (await createApiKey(db, { role: 'customs', label: 'load test' })).key;
  await db.close();
  server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', BACKLOG_LIMIT: '1000000000' });
  url = server.url;
}
const titles = loadTitles().titles;
if (server) {
  // A fresh process compiles and warms up on its first requests; a deployed service has done so
  // long before a load test starts. Not counted.
  progress.stage('warm-up', { seconds: 5 });
  await runIngestLoad({ url, key, titles, parcelsPerManifest: 1000, durationSeconds: 5, connections: 4, rate: 4, firstSerial: 95_000_000 });
}

const scenario = scenarios[name];
const results: (IngestLoadResult & { target: number })[] = [];
const customsResults: CustomsLoadResult[] = [];
try {
  console.log(`${name}: ${scenario.description}`);
  let serial = 1;
  for (const stage of stages) {
    progress.stage(`${stage.manifestsPerSecond} manifests/s`, { seconds: stage.seconds });
    const ingest = runIngestLoad({
      url,
      key,
      titles,
      parcelsPerManifest: scenario.parcelsPerManifest,
      durationSeconds: stage.seconds,
      connections: 16,
      rate: stage.manifestsPerSecond,
      firstSerial: serial,
    });
    // Customs reads the hold queue and case files while the manifests come in; their latency is the threshold.
    const officers = name === 'customs' ? runCustomsLoad(url, customsKey!, scenarios.customs.customsRequestsPerSecond, stage.seconds) : null;
    const r = await ingest;
    if (officers) {
      const o = await officers;
      customsResults.push(o);
      console.log(`  customs: ${o.requests} requests, p50 ${o.latencyMs.p50} ms, p99 ${o.latencyMs.p99} ms, errors ${o.errors}`);
    }
    serial += stage.manifestsPerSecond * stage.seconds * scenario.parcelsPerManifest * 2 + 1000;
    results.push({ ...r, target: stage.manifestsPerSecond });
    console.log(
      `  ${String(stage.manifestsPerSecond).padStart(4)} manifests/s target: ${String(r.parcelsPerSecond).padStart(7)} parcels/s accepted, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.non2xx + r.errors}`,
    );
  }
} finally {
  progress.done();
  await server?.stop();
}

const total = results.reduce((n, r) => n + r.manifests + r.non2xx + r.errors, 0);
const failed = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
// In the customs scenario the threshold is on the officers' requests, as in bench/k6/customs.js.
const p99 = name === 'customs' ? Math.max(...customsResults.map((r) => r.latencyMs.p99)) : Math.max(...results.map((r) => r.latencyMs.p99));
const checks = [
  { name: `p(99) < ${scenario.thresholds.p99Ms} ms`, ok: p99 < scenario.thresholds.p99Ms, value: `${p99} ms` },
  { name: `error rate < ${scenario.thresholds.errorRate}`, ok: failed / Math.max(1, total) < scenario.thresholds.errorRate, value: (failed / Math.max(1, total)).toFixed(4) },
];
for (const c of checks) console.log(`  threshold ${c.name}: ${c.ok ? 'ok' : 'FAILED'} (${c.value})`);
process.exit(checks.every((c) => c.ok) ? 0 : 1);
