/**
 * `npm run bench:flood [-- --idle 20000 --seconds 20 --flood-connections 64 --only <scenario prefix>
 *   --cpu-prof DIR]`
 *
 * A real server (fresh SQLite file, or `DATABASE_URL=postgres://…`, default limits) under the
 * floods of issue 11, while two probes measure what other clients get, each request on a new
 * connection from 127.0.0.1: `GET /healthz` every 50 ms, and operator B filing a 5-parcel
 * manifest every 250 ms. Target: p99 < 1 s for both.
 *
 * Scenarios, one after the other (the attackers run in child processes, bench/lib/flood-child.ts):
 * - baseline: the probes alone;
 * - idle, one address: 20,000 idle connections attempted from 127.0.0.2 and held;
 * - idle, 40 addresses: 20,000 idle connections spread over 127.0.0.10-49 (the server-wide cap);
 * - reconnecting: 20,000 from 127.0.0.2, each opened again a second after the server closed it
 *   (as `Retry-After: 1` says): a flood of thousands of connections a second, on the same 2 cores;
 * - key flood: operator A's key as fast as the server answers on 64 connections (127.0.0.3);
 * - bad keys: made-up keys as fast as the server answers on 64 connections (127.0.0.4);
 * - all at once: 20,000 idle from one address, the key flood and the bad keys together.
 *
 * Prints the probes' p50/p99/max and failures, the attackers' counts, the server's peak open
 * files, its 429s, 503s and closed idle connections (from /metrics).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './lib/server.ts';
import { prepareDatabase } from './lib/keys.ts';
import { scratchDatabase } from './lib/scratch-db.ts';
import { freshManifest } from './lib/write-endpoints.ts';
import { formatLatency, scrapeMetric, summarise, type LatencySummary } from './lib/probe.ts';
import { request } from 'node:http';

const { values } = parseArgs({
  options: {
    idle: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '20' },
    'flood-connections': { type: 'string', default: '64' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const idle = Number(values.idle);
const seconds = Number(values.seconds);
const floodConnections = values['flood-connections'];
const CHILD = fileURLToPath(new URL('./lib/flood-child.ts', import.meta.url));

const scratch = await scratchDatabase('bench');
const databaseUrl = scratch.url;
const keys = await prepareDatabase(databaseUrl);
const server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []);
const pid = server.child.pid!;
const filed = await fetch(`${server.url}/v1/manifests`, {
  method: 'POST',
  headers: { authorization: `Bearer ${keys.operatorA}`, 'content-type': 'application/json' },
  body: JSON.stringify(freshManifest(1)),
});
const manifestId = ((await filed.json()) as { manifestId: string }).manifestId;
console.log(`server on ${scratch.label} (pid ${pid}), default limits; ${idle} idle connections, ${seconds} s per scenario`);

/** One request on a new connection, timed; resolves with the latency or the failure. */
function probeOnce(path: string, init: { method?: string; headers?: Record<string, string>; body?: string }, ok: number): Promise<number | string> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(`${server.url}${path}`, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === ok ? performance.now() - started : String(res.statusCode)));
    });
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(init.body);
  });
}

function runProbe(everyMs: number, send: () => Promise<number | string>, until: () => boolean): Promise<LatencySummary> {
  const latencies: number[] = [];
  const failures: string[] = [];
  return (async () => {
    while (!until()) {
      const started = performance.now();
      const r = await send();
      if (typeof r === 'number') latencies.push(r);
      else failures.push(r);
      const wait = everyMs - (performance.now() - started);
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    }
    return summarise(latencies, failures);
  })();
}

const children = new Set<ReturnType<typeof spawn>>();
process.once('exit', () => children.forEach((p) => p.kill('SIGKILL')));
function child(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(p);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      children.delete(p);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!));
      else reject(new Error(`flood child exited ${code}`));
    });
  });
}

/** Idle connections split over children of at most 10,000 sockets each; `reopenMs` 0 holds them without reopening. */
function idleFlood(count: number, first: number, addresses: number, reopenMs = 0) {
  const n = Math.ceil(count / 10_000);
  return Array.from({ length: n }, (_, i) =>
    child(['idle', server.url, String(Math.ceil(count / n)), String(first + ((i * addresses) / n | 0)), String(Math.max(1, addresses / n)), String(seconds), String(reopenMs)]),
  );
}

const openFiles = () => {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
};

const metricNames = [
  ['parcelscreen_requests_limited_total{reason="rate"}', '429 per key'],
  ['parcelscreen_requests_limited_total{reason="auth_failures"}', '429 per address'],
  ['parcelscreen_connections_refused_total{reason="address"}', 'refused (address cap)'],
  ['parcelscreen_connections_refused_total{reason="server"}', 'refused (server cap)'],
  ['parcelscreen_connections_closed_idle_total{state="waiting"}', 'idle closed (no request)'],
  ['parcelscreen_connections_closed_idle_total{state="keepalive"}', 'idle closed (keep-alive)'],
] as const;
async function counters(): Promise<number[]> {
  return Promise.all(metricNames.map(([name]) => scrapeMetric(server.url, name).then((v) => (Number.isNaN(v) ? 0 : v))));
}

async function scenario(name: string, attackers: () => Promise<unknown>[]) {
  if (values.only && !name.startsWith(values.only)) return;
  await new Promise((r) => setTimeout(r, 2000));
  const before = await counters();
  let done = false;
  let peakFiles = 0;
  const fileSampler = setInterval(() => (peakFiles = Math.max(peakFiles, openFiles())), 200);
  const started = Date.now();
  const attacks = attackers();
  const probeUntil = () => done || Date.now() - started > seconds * 1000 - 500;
  const [health, filing, results] = await Promise.all([
    runProbe(50, () => probeOnce('/healthz', {}, 200), probeUntil),
    runProbe(250, () => probeOnce('/v1/manifests', { method: 'POST', headers: { authorization: `Bearer ${keys.operatorB}`, 'content-type': 'application/json' }, body: JSON.stringify(freshManifest(5)) }, 202), probeUntil),
    Promise.all(attacks).finally(() => (done = true)),
  ]);
  clearInterval(fileSampler);
  const after = await counters();
  console.log(`\n${name}`);
  console.log(`  /healthz:            ${formatLatency(health)}`);
  console.log(`  operator B filings:  ${formatLatency(filing)}`);
  for (const r of results) if (typeof r === 'object') console.log(`  attacker: ${JSON.stringify(r)}`);
  const deltas = metricNames.map(([, label], i) => `${label} ${after[i]! - before[i]!}`).filter((s) => !s.endsWith(' 0'));
  console.log(`  server: peak ${peakFiles} open files${deltas.length ? `; ${deltas.join(', ')}` : ''}`);
}

await scenario('baseline (probes alone)', () => [new Promise((r) => setTimeout(r, seconds * 1000))]);
await scenario(`idle, one address: ${idle} idle connections from 127.0.0.2`, () => idleFlood(idle, 2, 1));
await scenario(`idle, 40 addresses: ${idle} idle connections from 127.0.0.10-49`, () => idleFlood(idle, 10, 40));
await scenario(`reconnecting: ${idle} connections from 127.0.0.2, each reopened 1 s after it is closed`, () => idleFlood(idle, 2, 1, 1000));
await scenario(`key flood: operator A on ${floodConnections} connections`, () => [child(['requests', server.url, `/v1/manifests/${manifestId}`, keys.operatorA, floodConnections, '3', String(seconds)])]);
await scenario(`bad keys: made-up keys on ${floodConnections} connections`, () => [child(['requests', server.url, `/v1/manifests/${manifestId}`, 'bad', floodConnections, '4', String(seconds)])]);
await scenario(`all at once: ${idle} idle from one address, the key flood and the bad keys`, () => [
  ...idleFlood(idle, 2, 1),
  child(['requests', server.url, `/v1/manifests/${manifestId}`, keys.operatorA, floodConnections, '3', String(seconds)]),
  child(['requests', server.url, `/v1/manifests/${manifestId}`, 'bad', floodConnections, '4', String(seconds)]),
]);

const errors = server.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
if (errors.length) console.log(`\nserver errors (${errors.length}):\n${errors.slice(0, 5).join('\n')}`);
await server.stop();
await scratch.drop();
process.exit(0);
