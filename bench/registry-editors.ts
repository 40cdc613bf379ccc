/**
 * `npm run bench:registry-editors [-- --editors 8 --edits 12]`
 *
 * Editors changing the registry at once (each adds keywords, one after the other), on SQLite and,
 * with TEST_DATABASE_URL set, on PostgreSQL: how many requests failed, and how many acknowledged
 * edits are missing from the latest version's bundle. Before publishing was serialised:
 * PostgreSQL 51 of 96 answered 5xx and 1 acknowledged edit was missing.
 */
import { parseArgs } from 'node:util';
import { buildTestApp } from '../test/support/app.ts';
import { backends } from '../test/support/db.ts';

const { values } = parseArgs({ options: { editors: { type: 'string', default: '8' }, edits: { type: 'string', default: '12' } } });
const editors = Number(values.editors);
const edits = Number(values.edits);
for (const backend of backends) {
  const db = await backend.open();
  const t = await buildTestApp(db);
  const statuses: number[] = [];
  const acked: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: editors }, async (_, e) => {
      for (let i = 0; i < edits; i++) {
        const res = await t.request('/v1/indicators/keywords', { method: 'POST', key: t.keys.customs, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ term: `k-${e}-${i}`, risk: 'low' }) });
        statuses.push(res.status);
        if (res.status === 201) acked.push(`k-${e}-${i}`);
      }
    }),
  );
  const ms = performance.now() - started;
  const bundle = JSON.parse(await (await t.request('/v1/registry/export', { key: t.keys.customs })).text()) as { indicators: { keywords: { term: string }[] } };
  const terms = new Set(bundle.indicators.keywords.map((k) => k.term));
  console.log(`${backend.name}: ${editors * edits} edits by ${editors} editors in ${ms.toFixed(0)} ms: ${statuses.filter((s) => s >= 500).length} 5xx, ${acked.length} acknowledged, ${acked.filter((a) => !terms.has(a)).length} acknowledged but missing from the latest bundle`);
  await db.close();
}
process.exit(0);
