/**
 * `npm run bench:hostile [-- --requests 20000 --concurrency 16 --seed 1]`
 *
 * A hostile campaign against a real server (a fresh SQLite file, or `DATABASE_URL=postgres://…`):
 * `--requests` generated bodies (bench/gen/hostile.ts) spread over every endpoint that takes a body
 * (bench/lib/write-endpoints.ts), each with the key allowed to call it. Rate limits are lifted
 * (`RATE_LIMIT_*=0`) so that every body is read rather than refused for its rate.
 *
 * Prints the answers by status and by family, and checks what must hold:
 * - no 5xx, and the server still up (no crash, `/healthz` answers);
 * - nothing partial stored: the operator's manifests and parcels in the database are exactly the
 *   ones acknowledged (202 `accepted` counts), applications exactly the acknowledged ones, and
 *   one registry version per acknowledged registry change.
 * Exits 1 when one does not hold.
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { connect } from '../src/db/connect.ts';
import { startServer } from './lib/server.ts';
import { prepareDatabase } from './lib/keys.ts';
import { scratchDatabase } from './lib/scratch-db.ts';
import { prepareWriteEndpoints } from './lib/write-endpoints.ts';
import { hostileRequest, type HostileRequest } from './gen/hostile.ts';
import { Random } from './gen/random.ts';
import { LARGE_BODY_ENDPOINTS } from '../src/http/request-limits.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
const random = new Random(Number(values.seed));

const scratch = await scratchDatabase('bench');
const databaseUrl = scratch.url;
const keys = await prepareDatabase(databaseUrl);
const noRateLimits = { RATE_LIMIT_OPERATOR: '0', RATE_LIMIT_CUSTOMS: '0', RATE_LIMIT_RIGHTSHOLDER: '0', RATE_LIMIT_ADMIN: '0' };
const server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...noRateLimits });
let crashed: string | null = null;
server.child.once('exit', (code, signal) => (crashed = `exited with ${code ?? signal}`));
const endpoints = await prepareWriteEndpoints(server.url, keys);

const db = await connect(databaseUrl);
const count = async (table: 'manifests' | 'parcels' | 'applications' | 'registry_versions', operator?: string) => {
  let q = db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (operator) q = q.where('operator_code' as never, '=', operator as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const before = { manifests: await count('manifests', 'OPA'), parcels: await count('parcels', 'OPA'), applications: await count('applications'), versions: await count('registry_versions') };
console.log(`server on ${scratch.label} (pid ${server.child.pid}); ${total} hostile requests over ${endpoints.length} endpoints, ${concurrency} at a time, seed ${values.seed}`);

const byStatus: Record<string, number> = {};
const byFamily: Record<string, Record<string, number>> = {};
const fiveHundreds: string[] = [];
const acknowledged = { manifests: new Set<string>(), parcels: 0, applications: 0, versions: 0 };

function send(path: string, method: string, key: string, req: HostileRequest): Promise<{ status: number | string; body: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${key}`, 'content-length': req.body.length };
    if (req.contentType !== null) headers['content-type'] = req.contentType;
    // A new connection per request: an answer sent before the body was read (413, 415) ends the
    // connection, and no request may land on a kept-alive socket the server is closing.
    const r = request(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    r.setTimeout(60_000, () => r.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    // An answer before the body was read (413, 415) may close while it is still going out.
    r.on('error', (err: NodeJS.ErrnoException) => resolve({ status: err.code ?? 'error', body: '' }));
    r.end(req.body);
  });
}

function record(endpointName: string, path: string, req: HostileRequest, status: number | string, body: string) {
  const s = String(status);
  byStatus[s] = (byStatus[s] ?? 0) + 1;
  const family = (byFamily[req.family] ??= {});
  family[s] = (family[s] ?? 0) + 1;
  if (typeof status === 'number' && status >= 500) fiveHundreds.push(`${status} ${endpointName} [${req.family}]: ${body.slice(0, 200)}`);
  if (typeof status !== 'number' || status >= 300) return;
  const json = JSON.parse(body) as Record<string, unknown>;
  if (path === '/v1/manifests' && status === 202) {
    acknowledged.manifests.add(json.manifestId as string);
    acknowledged.parcels += json.accepted as number;
  }
  if (path === '/v1/applications') acknowledged.applications++;
  // An import that changes nothing answers with the latest version and makes none.
  if (typeof json.registryVersion === 'number' && json.unchanged !== true) acknowledged.versions++;
}

let next = 0;
let resets = 0;
const started = performance.now();
let lastReport = started;
async function worker() {
  while (next < total && !crashed) {
    next++;
    const endpoint = random.pick(endpoints);
    const limit = LARGE_BODY_ENDPOINTS.has(`${endpoint.method} ${endpoint.path}`) ? 20 * 1024 * 1024 : 1024 * 1024;
    const req = hostileRequest(endpoint, random, limit);
    let { status, body } = await send(endpoint.path, endpoint.method, endpoint.key, req);
    // A connection reset is retried once: it may be the client's reuse of a closing keep-alive socket.
    if (typeof status === 'string') {
      resets++;
      ({ status, body } = await send(endpoint.path, endpoint.method, endpoint.key, req));
    }
    record(endpoint.name, endpoint.path, req, status, body);
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(`  ${next} sent, ${((lastReport - started) / 1000).toFixed(0)} s`);
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;

let healthz: number | string;
try {
  healthz = (await fetch(`${server.url}/healthz`)).status;
} catch (err) {
  healthz = (err as Error).message;
}
// Filings acknowledged: the parcels of every acknowledged manifest, and nothing of the others.
const after = { manifests: await count('manifests', 'OPA'), parcels: await count('parcels', 'OPA'), applications: await count('applications'), versions: await count('registry_versions') };
await db.close();

console.log(`\n${next} requests in ${seconds.toFixed(1)} s`);
console.log(`answers: ${JSON.stringify(byStatus)} (${resets} connection resets retried once)`);
console.log('by family:');
for (const [family, statuses] of Object.entries(byFamily).sort()) console.log(`  ${family.padEnd(40)} ${JSON.stringify(statuses)}`);

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}
const checks: [string, boolean, string][] = [
  ['no 5xx', fiveHundreds.length === 0, `${fiveHundreds.length} answers 5xx${fiveHundreds.length ? ` by endpoint ${JSON.stringify(countBy(fiveHundreds.map((f) => f.split(' [')[0]!.slice(4))))}, e.g.\n    ${fiveHundreds.slice(0, 5).join('\n    ')}` : ''}`],
  ['no crash', crashed === null && healthz === 200, crashed ? `server ${crashed}` : `/healthz ${healthz} after the campaign`],
  ['manifests stored = acknowledged', after.manifests - before.manifests === acknowledged.manifests.size, `${after.manifests - before.manifests} stored, ${acknowledged.manifests.size} acknowledged`],
  ['parcels stored = acknowledged', after.parcels - before.parcels === acknowledged.parcels, `${after.parcels - before.parcels} stored, ${acknowledged.parcels} acknowledged`],
  ['applications stored = acknowledged', after.applications - before.applications === acknowledged.applications, `${after.applications - before.applications} stored, ${acknowledged.applications} acknowledged`],
  ['registry versions = acknowledged changes', after.versions - before.versions === acknowledged.versions, `${after.versions - before.versions} versions, ${acknowledged.versions} changes acknowledged`],
];
console.log('');
for (const [name, ok, detail] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
const errors = server.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
if (errors.length) {
  const byMessage: Record<string, number> = {};
  for (const line of errors) {
    const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line.slice(0, 120);
    byMessage[message] = (byMessage[message] ?? 0) + 1;
  }
  console.log(`\nserver errors logged: ${errors.length}, by message:`);
  for (const [message, n] of Object.entries(byMessage).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)} ${message}`);
}
if (!crashed) await server.stop();
await scratch.drop();
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
