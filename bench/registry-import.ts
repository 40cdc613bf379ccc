/**
 * `npm run bench:registry-import [-- --marks 5000 --rounds 3]`
 *
 * Importing a large registry (`bench/gen/registry.ts`, 5,000 marks and aliases, 1,000 watched
 * sellers) over HTTP on SQLite, with its compile warnings in the answer: how long the request
 * takes and the longest the event loop stood still during it (the longest gap between the ticks
 * of a 1 ms timer: other requests would have waited as long), with the
 * warnings compiled in an ingest worker (INGEST_THREADS=1, the default) and on the HTTP thread
 * (INGEST_THREADS=0), in the same run; the same bundle imported again (unchanged: no version,
 * nothing re-screened; imported under a savepoint and undone, for the generated bundle leaves the
 * holder references out); and the registry exported and imported again (known unchanged without
 * a write). Medians of `--rounds` rounds, each on a fresh database.
 */
import { parseArgs } from 'node:util';
import { largeRegistry } from './gen/registry.ts';
import { Progress } from './lib/progress.ts';
import { buildTestApp } from '../test/support/app.ts';
import { backends } from '../test/support/db.ts';

const { values } = parseArgs({ options: { marks: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const body = JSON.stringify(largeRegistry('data/sample-registry.json', Number(values.marks), 1000));
const modes = [
  { name: 'warnings in an ingest worker (INGEST_THREADS=1)', env: { INGEST_THREADS: '1' } },
  { name: 'warnings on the HTTP thread (INGEST_THREADS=0)', env: { INGEST_THREADS: '0' } },
];
const progress = new Progress('bench:registry-import', modes.length * rounds + 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Timed {
  ms: number;
  stallMs: number;
  answer: { registryVersion: number; unchanged: boolean; warnings: string[] | null };
}

async function timedImport(t: Awaited<ReturnType<typeof buildTestApp>>, bundle = body): Promise<Timed> {
  let last = performance.now();
  let stallMs = 0;
  const tick = () => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  };
  const ticker = setInterval(tick, 1);
  const started = performance.now();
  const res = await t.request('/v1/registry/import', { method: 'POST', key: t.keys.admin, headers: { 'content-type': 'application/json' }, body: bundle });
  const ms = performance.now() - started;
  tick(); // a stall that ends with the answer counts too
  clearInterval(ticker);
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
  return { ms, stallMs, answer: (await res.json()) as Timed['answer'] };
}

// The ingest worker starts (and loads the compiler) once, before anything is timed.
progress.stage('warming up the ingest worker');
{
  const db = await backends[0]!.open();
  await timedImport(await buildTestApp(db, { INGEST_THREADS: '1' }));
  await db.close();
}

const results = new Map<string, { first: Timed[]; again: Timed[]; exported: Timed[] }>(modes.map((m) => [m.name, { first: [], again: [], exported: [] }]));
for (let round = 1; round <= rounds; round++) {
  for (const mode of modes) {
    progress.stage(`round ${round}/${rounds}: ${mode.name}`);
    const db = await backends[0]!.open();
    const t = await buildTestApp(db, mode.env);
    const first = await timedImport(t);
    const again = await timedImport(t);
    const exported = await timedImport(t, await (await t.request('/v1/registry/export', { key: t.keys.admin })).text());
    for (const repeat of [again, exported]) {
      if (first.answer.unchanged || !repeat.answer.unchanged || repeat.answer.registryVersion !== first.answer.registryVersion) throw new Error('a repeated import was not unchanged');
    }
    results.get(mode.name)!.first.push(first);
    results.get(mode.name)!.again.push(again);
    results.get(mode.name)!.exported.push(exported);
    await db.close();
  }
}
progress.done();

console.log(`registry: ${values.marks} marks and aliases, ${(body.length / 1e6).toFixed(1)} MB of JSON; warnings: ${results.get(modes[0]!.name)!.first[0]!.answer.warnings?.length ?? 'none'}; medians of ${rounds}`);
console.log('| mode | import: request ms | longest event-loop stall ms | same bundle again (unchanged): request ms | stall ms | export imported again: request ms | stall ms |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, r] of results) {
  const f = (xs: Timed[], key: 'ms' | 'stallMs') => median(xs.map((x) => x[key])).toFixed(0);
  console.log(`| ${name} | ${f(r.first, 'ms')} | ${f(r.first, 'stallMs')} | ${f(r.again, 'ms')} | ${f(r.again, 'stallMs')} | ${f(r.exported, 'ms')} | ${f(r.exported, 'stallMs')} |`);
}
process.exit(0);
