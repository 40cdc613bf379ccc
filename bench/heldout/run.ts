/**
 * The held-out evaluation: `npm run eval:heldout -- [--seed 12] [--registry r1|r2|both] [--limit N]
 * [--show-misses] [--misses-per-family 15] [--json figures.json] [--split-salt S] [--threads 2]`.
 *
 * Builds two registries from the public brand lists, generates disguised, knock-off, permuted and
 * other-script spellings of their marks with generators that share no rule with the engine, adds
 * real and hand-written negatives, screens everything through the engine's CLI (a black box) and
 * a naive string-similarity baseline, and prints the figures per registry and per half of the marks
 * (tuning / held-out). See bench/README.md, "Held-out evaluation".
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NaiveScreener } from './baseline.ts';
import { loadBrandLists } from './brand-lists.ts';
import { buildCases, titleVocabulary } from './cases.ts';
import { screenWithEngine, type ParcelForEngine } from './engine.ts';
import { loadLookalikes } from './gen/lookalikes.ts';
import { randomConsignee } from './listing.ts';
import type { Case, Half, RegistryKey } from './model.ts';
import { labelTitles, loadRealTitles } from './real-titles.ts';
import { buildRegistry } from './registries.ts';
import { figures, formatMisses, formatTable, score, type Outcome, type RegistryFigures } from './report.ts';
import { rngFor, sample } from './rng.ts';
import { DEFAULT_SPLIT_SALT } from './split.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '12' },
    registry: { type: 'string', default: 'both' },
    limit: { type: 'string' },
    'show-misses': { type: 'boolean', default: false },
    'misses-per-family': { type: 'string', default: '15' },
    json: { type: 'string' },
    'split-salt': { type: 'string', default: DEFAULT_SPLIT_SALT },
    threads: { type: 'string', default: '2' },
  },
});

const seed = Number(values.seed);
const limit = values.limit ? Number(values.limit) : undefined;
const keys: RegistryKey[] = values.registry === 'both' ? ['r1', 'r2'] : [values.registry as RegistryKey];
if (!Number.isInteger(seed) || keys.some((k) => k !== 'r1' && k !== 'r2') || (limit !== undefined && !(limit > 0))) {
  process.stderr.write('usage: npm run eval:heldout -- [--seed N] [--registry r1|r2|both] [--limit N] [--show-misses] [--json file] [--split-salt S]\n');
  process.exit(2);
}

const lists = loadBrandLists();
if (!lists) {
  process.stdout.write('Held-out evaluation SKIPPED: ../shared/data/brands (the public brand lists the registries are built from) is not there.\n');
  process.exit(0);
}
const { titles, real } = loadRealTitles();
const vocabulary = titleVocabulary(titles);
const table = loadLookalikes();

let engineCommit = 'unknown';
try {
  // The commit that last changed the engine's code (src/, workers/), not this evaluation's.
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const src = execFileSync('git', ['log', '-1', '--format=%h', '--', 'src', 'workers'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'workers'], { encoding: 'utf8' }).trim() ? ' + uncommitted changes' : '';
  engineCommit = `${src}${dirty} (checkout ${head})`;
} catch {
  // not a git checkout: say unknown
}

const print = (s = '') => process.stdout.write(`${s}\n`);
print(`Held-out evaluation: seed ${seed}, split salt "${values['split-salt']}", engine code at ${engineCommit}, ${new Date().toISOString().slice(0, 10)}${limit ? `, at most ${limit} cases per family` : ''}`);
print(`Definitions: flagged = decision hold or review; found = flagged AND a trademark reason of weight > 0 names the expected application or one of its names.`);
print(`Look-alike table: ${table.size} characters (${[...table.bySource].map(([s, n]) => `${s} ${n}`).join(', ')}). Titles: ${titles.length}${real ? '' : ' (BUILT-IN stand-ins: ../shared/data/titles absent)'}.`);
print();

function limitCases(cases: Case[], key: RegistryKey): Case[] {
  if (!limit) return cases;
  const byFamily = new Map<string, Case[]>();
  for (const c of cases) byFamily.set(c.family, [...(byFamily.get(c.family) ?? []), c]);
  return [...byFamily].flatMap(([family, list]) => sample(rngFor(seed, key, 'limit', family), list, limit));
}

function toParcel(c: Case, itemId: string, consigneeSeed: number): ParcelForEngine {
  const consignee = randomConsignee(rngFor(consigneeSeed, itemId));
  return {
    itemId,
    category: 'sale_of_goods',
    seller: { name: c.seller.name, country: c.seller.country, marketplace: 'ShopNow' },
    sender: { name: c.seller.name, address: 'No. 8 Industrial Road', country: c.seller.country },
    consignee,
    items: [{ description: c.description, hsCode: c.hsCode, quantity: 1, value: c.value, currency: 'EUR', originCountry: c.originCountry }],
    grossWeightKg: 0.8,
  };
}

const json: Record<string, unknown> = { seed, splitSalt: values['split-salt'], limit: limit ?? null, engineCommit, date: new Date().toISOString(), registries: {} };
const misses: string[] = [];

for (const key of keys) {
  const registry = buildRegistry(key, lists, values['split-salt']!);
  const labelled = labelTitles(titles, registry.marks);
  const built = buildCases({ seed, salt: values['split-salt']!, registry, lists, labelled, vocabulary });
  const cases = limitCases(built.cases, key);
  const parcels = cases.map((c, i) => toParcel(c, `HO${key.toUpperCase()}${String(i + 1).padStart(7, '0')}`, seed));

  const engine = await screenWithEngine(registry.bundle, parcels, { threads: Number(values.threads), label: key });
  const baselineStarted = process.hrtime.bigint();
  const screener = new NaiveScreener(registry.marks);
  const outcomes: Outcome[] = cases.map((c, i) => score(c, engine.verdicts.get(parcels[i]!.itemId)!, screener.screen(c.description)));
  const baselineSeconds = Number(process.hrtime.bigint() - baselineStarted) / 1e9;

  const marks: Record<Half, number> = {
    tuning: registry.marks.filter((m) => m.half === 'tuning').length,
    heldout: registry.marks.filter((m) => m.half === 'heldout').length,
  };
  const f: RegistryFigures = figures(outcomes, marks);
  print(`${key.toUpperCase()}: ${registry.marks.length} marks, ${cases.length.toLocaleString('en')} parcels (${built.droppedVariants} generated spellings left out as ordinary words, other brands or other marks; ${labelled.excluded} real titles naming a mark on other goods left out). Engine ${engine.seconds.toFixed(1)} s (one CLI run, start-up included), baseline ${baselineSeconds.toFixed(1)} s.`);
  const registryWarnings = engine.stderr.filter((l) => l.startsWith('registry:'));
  if (registryWarnings.length) print(`  the engine warned about ${registryWarnings.length} registry entries (first: ${registryWarnings[0]!.slice(0, 160)})`);
  for (const w of built.warnings) print(`  note: ${w}`);
  print();
  for (const half of ['tuning', 'heldout'] as const) {
    print(formatTable(key, half, f));
    print();
  }
  (json.registries as Record<string, unknown>)[key] = { ...f, parcels: cases.length, engineSeconds: engine.seconds, baselineSeconds };
  if (values['show-misses']) misses.push(`${key.toUpperCase()} (tuning half only):\n${formatMisses(outcomes, Number(values['misses-per-family']))}`);
}

if (values['show-misses']) {
  print('Misses and false flags, TUNING half only (held-out cases are never listed):');
  print(misses.join('\n\n'));
}
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
  print(`figures written to ${values.json}`);
}
