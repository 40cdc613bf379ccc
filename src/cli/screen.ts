// src/cli/: command-line entry points (wiring, like main.ts): screen, keys, audit, retention, backup.
/**
 * Offline screening with the same engine and worker pool as the service:
 *   npm run --silent screen -- --registry <bundle.json> [--threads N] [--warnings] <manifest.json|.csv> [more …]
 * Writes one JSON line per parcel to stdout, in input order: {"itemId","decision","riskScore","reasons"}.
 * Everything else goes to stderr: rejected parcels, and the registry's warnings as one line of
 * counts by kind (all of them, one per line, with --warnings).
 *
 * --threads N: screening threads, the main thread included (it screens between reading the
 * manifests and writing results); default one per core (os.availableParallelism()).
 *
 * Exit status: 0 every parcel screened; 1 some parcels (or whole files) rejected, counted on
 * stderr; 2 a usage error or a registry that cannot be read or compiled. The process ends on its
 * own once stdout is drained: a `process.exit` would drop output still queued for a slow reader.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { readManifest } from '../domain/read-manifest.ts';
import { today } from '../domain/dates.ts';
import { summariseWarnings, type CompiledRegistry } from '../screening/compile.ts';
import { ScreeningPool } from '../screening/pool.ts';
import { cachedWarnings, loadCompiledRegistry } from '../screening/registry-cache.ts';
import { parseBundle } from '../registry/bundle-file.ts';
import { ScreenerCache, type TaskParcel, type TaskResult } from '../screening/task.ts';
import { formatOfFile } from '../ingest/formats.ts';
import { screenBatches } from './screen-batches.ts';

const USAGE = 'usage: npm run --silent screen -- --registry <bundle.json> [--threads N] [--batch-size N] [--warnings] <manifest.json|.csv> [more …]';

/** Stops with a message on stderr and the given status, once stderr has taken it. */
class Stop extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

function positiveInt(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Stop(`--${name} must be a whole number from 1 to ${max}, not "${raw}"\n${USAGE}`, 2);
  return n;
}

function options() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        registry: { type: 'string' },
        threads: { type: 'string' },
        'batch-size': { type: 'string', default: '500' },
        warnings: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) throw new Stop(USAGE, 0);
    if (!values.registry || positionals.length === 0) throw new Stop(USAGE, 2);
    return {
      registry: values.registry,
      files: positionals,
      // Screening threads, this one included (it screens between reading and writing): one per core.
      threads: values.threads === undefined ? availableParallelism() : positiveInt('threads', values.threads, 256),
      batchSize: positiveInt('batch-size', values['batch-size'], 100_000),
      listWarnings: values.warnings,
    };
  } catch (err) {
    if (err instanceof Stop) throw err;
    throw new Stop(`${(err as Error).message}\n${USAGE}`, 2);
  }
}

/**
 * The registry file's text, validated and compiled, or known from the cache to have been (its
 * warnings are kept beside the compiled index: this thread then reads neither the bundle nor the
 * index, and the workers read the index). The warnings go to stderr.
 */
function loadRegistry(path: string, listWarnings: boolean): { text: string; compiled: CompiledRegistry | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Stop(`--registry ${path}: ${(err as Error).message}`, 2);
  }
  const date = today();
  let warnings = cachedWarnings(text, date);
  let compiled: CompiledRegistry | null = null;
  if (!warnings) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Stop(`registry bundle ${path} is not JSON: ${(err as Error).message}`, 2);
    }
    const parsed = parseBundle(value);
    if (!parsed.ok) throw new Stop(`registry bundle ${path} is not valid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`, 2);
    try {
      compiled = loadCompiledRegistry(text, 1, date, parsed.bundle).registry;
      warnings = compiled.warnings;
    } catch (err) {
      throw new Stop(`registry bundle ${path} does not compile: ${(err as Error).message}`, 2);
    }
  }
  if (warnings.length > 0) {
    process.stderr.write(listWarnings ? warnings.map((w) => `registry: ${w}\n`).join('') : `registry: ${summariseWarnings(warnings)} (--warnings lists them)\n`);
  }
  return { text, compiled };
}

/** The parcels of every file, numbered in input order; files and parcels that are rejected are said on stderr. */
function readParcels(files: string[]): { parcels: TaskParcel[]; rejectedParcels: number; rejectedFiles: number } {
  const parcels: TaskParcel[] = [];
  let rejectedParcels = 0;
  let rejectedFiles = 0;
  for (const file of files) {
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch (err) {
      throw new Stop(`${file}: ${(err as Error).message}`, 2);
    }
    const read = readManifest({ body, mediaType: formatOfFile(file).mediaType, query: {}, maxParcels: 10_000_000 });
    if (!read.ok) {
      process.stderr.write(`${file}: ${read.message}${read.errors ? `\n${read.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}` : ''}\n`);
      rejectedFiles++;
      continue;
    }
    for (const r of read.rejected) {
      process.stderr.write(`${file}: parcel ${r.index} (${r.itemId ?? 'no id'}) rejected: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`);
      rejectedParcels++;
    }
    for (const p of read.parcels) {
      parcels.push({ id: parcels.length, itemId: p.itemId, revision: 1, data: p.data, regime: read.header.regime, destinationCountry: read.header.destinationCountry });
    }
  }
  return { parcels, rejectedParcels, rejectedFiles };
}

/** One output line, built around the reasons the worker already serialised: nothing is parsed and written again. */
function outputLine(r: TaskResult): string {
  return `{"itemId":${JSON.stringify(r.itemId)},"decision":"${r.decision}","riskScore":${r.riskScore},"reasons":${r.reasons}}\n`;
}

/** Writes and waits while the stream's buffer is full: a slow reader slows the writer, nothing piles up or is lost. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

async function main(): Promise<number> {
  const opts = options();
  const registry = loadRegistry(opts.registry, opts.listWarnings);
  const date = today();
  const local = new ScreenerCache();
  if (registry.compiled) local.adopt(1, date, registry.compiled);
  // The worker starts (tsx, the compiled registry from the cache) while this thread reads the manifests.
  const pool = opts.threads > 1 ? new ScreeningPool(opts.threads - 1) : null;
  pool?.setRegistry({ version: 1, bundle: registry.text });
  const { parcels, rejectedParcels, rejectedFiles } = readParcels(opts.files);
  const batches: TaskParcel[][] = [];
  for (let i = 0; i < parcels.length; i += opts.batchSize) batches.push(parcels.slice(i, i + opts.batchSize));
  try {
    await screenBatches({
      batches,
      pool,
      poolDepth: 2 * (opts.threads - 1),
      local,
      version: 1,
      date,
      bundle: registry.text,
      emit: async (results) => {
        let text = '';
        for (const r of results) text += outputLine(r);
        await write(process.stdout, text);
      },
    });
  } catch (err) {
    throw new Stop(`screening failed: ${(err as Error).message}`, 2);
  } finally {
    await pool?.close();
  }
  if (rejectedParcels + rejectedFiles > 0) {
    const files = rejectedFiles ? ` and ${rejectedFiles} whole file${rejectedFiles === 1 ? '' : 's'}` : '';
    process.stderr.write(`rejected: ${rejectedParcels} parcel${rejectedParcels === 1 ? '' : 's'}${files}; screened: ${parcels.length} parcels\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (!(err instanceof Stop)) throw err;
  (err.status === 0 ? process.stdout : process.stderr).write(`${err.message}\n`);
  process.exitCode = err.status;
}
