/**
 * Follow-up statistics (SECURE section III): the API's grouped counts and declared values, and
 * the breakdowns the console charts, including each rule's precision — the share of the holds it
 * took part in that customs ended by stopping the goods.
 */
import type { Db } from '../db/connect.ts';
import { decisionCounts, flaggedMarkCounts, heldWithReasons, manifestRegimes, seizureMarkCounts, statsScanPage, type StatsRange } from '../db/stats.ts';
import type { Parcel } from '../domain/manifest.ts';

export const STATS_GROUPS = ['day', 'mark', 'origin', 'operator', 'regime', 'decision', 'outcome'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export interface StatsRow {
  key: string;
  parcels: number;
  /** Declared values summed per currency: amounts in different currencies are never added up. */
  declaredValue: Record<string, number>;
}

/** Rows are read in pages and aggregated here: declared values live in the parcels' JSON. */
export async function followUpStats(db: Db, range: StatsRange, groupBy: StatsGroup): Promise<StatsRow[]> {
  const groups = new Map<string, StatsRow>();
  let after = 0;
  for (;;) {
    const rows = await statsScanPage(db, range, after, 5000);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const r of rows) {
      const keys =
        groupBy === 'day' ? [r.received_at.slice(0, 10)]
        : groupBy === 'mark' ? (r.marks ? r.marks.split(',') : ['(none)'])
        : groupBy === 'origin' ? [r.origin_country ?? '(unknown)']
        : groupBy === 'operator' ? [r.operator_code]
        : groupBy === 'regime' ? [r.regime]
        : groupBy === 'decision' ? [r.decision ?? '(pending)']
        : [r.customs_outcome ?? '(none)'];
      const parcel = JSON.parse(r.data) as Parcel;
      for (const key of keys) {
        let g = groups.get(key);
        // Keyed by currency code: a null-prototype object (serialises as JSON, finds no built-in).
        if (!g) groups.set(key, (g = { key, parcels: 0, declaredValue: Object.create(null) as Record<string, number> }));
        g.parcels++;
        for (const i of parcel.items) g.declaredValue[i.currency] = Math.round(((g.declaredValue[i.currency] ?? 0) + i.value) * 100) / 100;
      }
    }
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The CSV export's cells: a header, then one row per group with a column per currency. */
export function statsCells(rows: readonly StatsRow[]): (string | number)[][] {
  const currencies = [...new Set(rows.flatMap((r) => Object.keys(r.declaredValue)))].sort();
  return [['key', 'parcels', ...currencies.map((c) => `declared_value_${c}`)], ...rows.map((r) => [r.key, r.parcels, ...currencies.map((c) => r.declaredValue[c] ?? 0)])];
}

type Counts = Map<string, { hold: number; review: number; release: number; pending: number }>;

function add(counts: Counts, key: string, decision: string | null, n: number) {
  let c = counts.get(key);
  if (!c) counts.set(key, (c = { hold: 0, review: 0, release: 0, pending: 0 }));
  if (decision === 'hold' || decision === 'review' || decision === 'release') c[decision] += n;
  else c.pending += n;
}

export interface RulePrecision {
  rule: string;
  holds: number;
  /** Holds customs have recorded an outcome for. */
  worked: number;
  /** Of those, the goods were detained, seized or destroyed. */
  stopped: number;
  /** stopped / worked, or null before any was worked. */
  precision: number | null;
}

export interface ConsoleStatistics {
  range: StatsRange;
  perDay: Counts;
  origins: Counts;
  operators: Counts;
  regimes: Counts;
  marks: Map<string, number>;
  seizuresByMark: Map<string, number>;
  rules: RulePrecision[];
}

const byTotal = (counts: Counts) => [...counts.entries()].sort((a, b) => b[1].hold + b[1].review - (a[1].hold + a[1].review) || a[0].localeCompare(b[0]));
export const topFlagged = (counts: Counts, n: number) => byTotal(counts).slice(0, n);

function splitMarks(rows: readonly { marks: string | null; n: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) for (const mark of (r.marks ?? '').split(',').filter(Boolean)) out.set(mark, (out.get(mark) ?? 0) + Number(r.n));
  return new Map([...out.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export async function consoleStatistics(db: Db, range: StatsRange): Promise<ConsoleStatistics> {
  const [counts, marks, seizures, held] = [await decisionCounts(db, range), await flaggedMarkCounts(db, range), await seizureMarkCounts(db, range), await heldWithReasons(db, range)];
  const regimeOf = await manifestRegimes(db, [...new Set(counts.map((r) => r.manifest_id))]);
  const perDay: Counts = new Map();
  const origins: Counts = new Map();
  const operators: Counts = new Map();
  const regimes: Counts = new Map();
  for (const r of counts) {
    const n = Number(r.n);
    add(perDay, r.day, r.decision, n);
    add(origins, r.origin_country ?? '(unknown)', r.decision, n);
    add(operators, r.operator_code, r.decision, n);
    add(regimes, regimeOf.get(r.manifest_id) ?? '(unknown)', r.decision, n);
  }
  const rules = new Map<string, RulePrecision>();
  for (const h of held) {
    // A rule took part in a hold when one of its reasons weighed something.
    const kinds = new Set((JSON.parse(h.reasons) as { kind: string; weight: number }[]).filter((r) => r.weight > 0).map((r) => r.kind));
    for (const rule of kinds) {
      let p = rules.get(rule);
      if (!p) rules.set(rule, (p = { rule, holds: 0, worked: 0, stopped: 0, precision: null }));
      p.holds++;
      if (h.customs_outcome !== null) p.worked++;
      if (Number(h.stopped) === 1 || h.stopped === true) p.stopped++;
    }
  }
  for (const p of rules.values()) p.precision = p.worked ? p.stopped / p.worked : null;
  return {
    range,
    perDay: new Map([...perDay.entries()].sort((a, b) => a[0].localeCompare(b[0]))),
    origins,
    operators,
    regimes,
    marks: splitMarks(marks.filter((m) => m.decision !== null)),
    seizuresByMark: splitMarks(seizures),
    rules: [...rules.values()].sort((a, b) => b.holds - a.holds),
  };
}
