/**
 * `npm run bench:big-bodies [-- --bytes 19000000 --manifests 40 --skip-import --skip-manifests
 *   --screening-threads 1 --cpu-prof DIR]`
 *
 * Large bodies against a real server (a fresh SQLite file, or `DATABASE_URL=postgres://…`):
 *
 * 1. a 19 MB registry import (~38,000 applications, 9,500 watched sellers, 3,800 keywords);
 * 2. 40 manifests of 19 MB (10,000 parcels each) sent at once; a client answered 503 waits its
 *    `Retry-After` and sends again, until every manifest is filed.
 *
 * For each: the request times, the longest event-loop stall the server measured
 * (`nodejs_eventloop_lag_max_seconds`, scraped every second), `/healthz` latency probed every
 * 50 ms from outside, and the server's peak RSS. Targets (issue 11): stall < 100 ms, RSS < 1 GB.
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { startServer } from './lib/server.ts';
import { prepareDatabase } from './lib/keys.ts';
import { scratchDatabase } from './lib/scratch-db.ts';
import { eventLoopMaxSinceLastScrape, formatLatency, startProber, startRssSampler } from './lib/probe.ts';
import { median } from './lib/stats.ts';
import { largeBundle, largeManifest } from './gen/large-bodies.ts';
import { sampleProcess } from './lib/proc.ts';

const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: '19000000' },
    manifests: { type: 'string', default: '40' },
    'skip-import': { type: 'boolean', default: false },
    'skip-manifests': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'screening-threads': { type: 'string', default: '1' },
  },
});
const bytes = Number(values.bytes);
const manifestCount = Number(values.manifests);

const scratch = await scratchDatabase('bench');
const databaseUrl = scratch.url;
const keys = await prepareDatabase(databaseUrl);
const server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', SCREENING_THREADS: values['screening-threads'] }, values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []);
const exitedEarly = (code: number | null, signal: string | null) => {
  console.error(`\nthe server exited (${code ?? signal}):\n${server.output().slice(-3000)}`);
  process.exit(1);
};
server.child.once('exit', exitedEarly);
const pid = server.child.pid!;
console.log(`server on ${scratch.label}, ${values['screening-threads']} screening thread(s), pid ${pid}, RSS at start ${sampleProcess(pid).rssMb} MB`);

function post(path: string, key: string, body: Buffer): Promise<{ status: number; retryAfter: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': body.length },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: Number(res.headers['retry-after'] ?? 1), text }));
    });
    // A 503 comes before the body is read: the server may close while the body is still going out.
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, retryAfter: 1, text: err.code ?? err.message }));
    req.end(body);
  });
}

/** Scrapes the event-loop maximum every second while `work` runs; returns the largest. */
async function watchStalls<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let stallMs = await eventLoopMaxSinceLastScrape(server.url);
  stallMs = 0;
  let done = false;
  const scraper = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 1000));
      stallMs = Math.max(stallMs, await eventLoopMaxSinceLastScrape(server.url));
    }
  })();
  const result = await work;
  done = true;
  await scraper;
  stallMs = Math.max(stallMs, await eventLoopMaxSinceLastScrape(server.url));
  return { result, stallMs };
}

async function phase<T>(name: string, work: () => Promise<T>, describe: (result: T) => string) {
  await new Promise((r) => setTimeout(r, 2000));
  const rss = startRssSampler(pid);
  const rssBefore = sampleProcess(pid).rssMb;
  const health = startProber(server.url, { path: '/healthz' }, 50);
  const started = performance.now();
  const { result, stallMs } = await watchStalls(work());
  const seconds = (performance.now() - started) / 1000;
  const healthz = await health.stop();
  const memory = rss.stop();
  console.log(`\n${name}: ${seconds.toFixed(1)} s`);
  console.log(`  ${describe(result)}`);
  console.log(`  longest event-loop stall ${stallMs.toFixed(0)} ms (target < 100)`);
  console.log(`  /healthz every 50 ms: ${formatLatency(healthz)}`);
  console.log(`  RSS ${rssBefore} MB before, peak ${memory.peakMb} MB (target < 1024), ${memory.lastMb} MB at the end`);
}

if (!values['skip-import']) {
  const bundle = Buffer.from(JSON.stringify(largeBundle(bytes)));
  await phase(
    `registry import of ${(bundle.length / 1e6).toFixed(1)} MB`,
    () => post('/v1/registry/import', keys.customs, bundle),
    (r) => `status ${r.status}: ${r.text.slice(0, 160)}`,
  );
}

if (!values['skip-manifests']) {
  process.stdout.write(`\nbuilding ${manifestCount} manifests of ${(bytes / 1e6).toFixed(0)} MB…`);
  const bodies = Array.from({ length: manifestCount }, (_, i) => Buffer.from(JSON.stringify(largeManifest(`BIG-${i}`, 10_000, bytes, 1_000_000 + i * 10_000))));
  console.log(' done');
  await phase(
    `${manifestCount} concurrent manifests of ${(bodies[0]!.length / 1e6).toFixed(1)} MB`,
    () =>
      Promise.all(
        bodies.map(async (body) => {
          const started = performance.now();
          const refusals: number[] = [];
          for (;;) {
            const answer = await post('/v1/manifests', keys.operatorA, body);
            if (answer.status !== 503 && answer.status !== 0) return { status: answer.status, ms: performance.now() - started, refusals, text: answer.text };
            refusals.push(answer.status);
            await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
          }
        }),
      ),
    (results) => {
      const statuses: Record<string, number> = {};
      for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const refused = results.flatMap((r) => r.refusals);
      const other = results.find((r) => r.status !== 202);
      return (
        `answers ${JSON.stringify(statuses)}; before them ${refused.filter((s) => s === 503).length} × 503 and ${refused.filter((s) => s === 0).length} connection errors, retried; ` +
        `time to the final answer: median ${(median(results.map((r) => r.ms)) / 1000).toFixed(1)} s, last ${(Math.max(...results.map((r) => r.ms)) / 1000).toFixed(1)} s` +
        (other ? `\n  e.g. ${other.status}: ${other.text.slice(0, 200)}` : '')
      );
    },
  );
}

const warnings = server.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
if (warnings.length) console.log(`\nserver warnings and errors (${warnings.length}):\n${warnings.slice(0, 5).join('\n')}`);
server.child.off('exit', exitedEarly);
await server.stop();
await scratch.drop();
process.exit(0);
