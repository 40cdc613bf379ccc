// src/cli/: command-line entry points (wiring, like main.ts): screen, keys, audit, retention, backup.
/**
 * Offline screening with the same engine and worker pool as the service:
 *   npm run --silent screen -- --registry <bundle.json> <manifest.json> [more.json …]
 * Writes one JSON line per parcel to stdout: {"itemId","decision","riskScore","reasons"}.
 * Everything else (rejected parcels, warnings) goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readManifest } from '../domain/read-manifest.ts';
import { compileRegistry } from '../screening/compile.ts';
import { today } from '../domain/dates.ts';
import { ScreeningPool } from '../screening/pool.ts';
import { readBundleFile } from '../registry/bundle-file.ts';
import type { TaskParcel } from '../screening/task.ts';
import type { Reason } from '../domain/decision.ts';
import { formatOfFile } from '../ingest/formats.ts';

const USAGE = 'usage: npm run --silent screen -- --registry <bundle.json> [--threads N] <manifest.json|.csv> [more …]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { registry: { type: 'string' }, threads: { type: 'string', default: '2' }, 'batch-size': { type: 'string', default: '500' } },
});
if (!values.registry || positionals.length === 0) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

let bundle;
try {
  bundle = readBundleFile(values.registry);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
for (const warning of compileRegistry(bundle, 1, today()).warnings) process.stderr.write(`registry: ${warning}\n`);

const parcels: TaskParcel[] = [];
let exitCode = 0;
for (const file of positionals) {
  const body = readFileSync(file);
  const read = readManifest({ body, mediaType: formatOfFile(file).mediaType, query: {}, maxParcels: 1_000_000 });
  if (!read.ok) {
    process.stderr.write(`${file}: ${read.message}${read.errors ? `\n${read.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}` : ''}\n`);
    exitCode = 1;
    continue;
  }
  for (const r of read.rejected) {
    process.stderr.write(`${file}: parcel ${r.index} (${r.itemId ?? 'no id'}) rejected: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`);
    exitCode = 1;
  }
  for (const p of read.parcels) {
    parcels.push({ id: parcels.length, itemId: p.itemId, revision: 1, data: p.data, regime: read.header.regime, destinationCountry: read.header.destinationCountry });
  }
}

const pool = new ScreeningPool(Math.max(1, Number(values.threads)));
pool.setRegistry({ version: 1, bundle: JSON.stringify(bundle) });
const batchSize = Math.max(1, Number(values['batch-size']));
const batches: Promise<void>[] = [];
const outputs: string[][] = [];
for (let i = 0; i < parcels.length; i += batchSize) {
  const slot = outputs.length;
  outputs.push([]);
  batches.push(
    pool.screen(parcels.slice(i, i + batchSize)).then(({ results }) => {
      outputs[slot] = results.map((r) =>
        JSON.stringify({ itemId: r.itemId, decision: r.decision, riskScore: r.riskScore, reasons: JSON.parse(r.reasons) as Reason[] }),
      );
    }),
  );
}
await Promise.all(batches);
// In input order, whatever order the batches finished in.
for (const lines of outputs) for (const line of lines) process.stdout.write(`${line}\n`);
await pool.close();
process.exit(exitCode);
