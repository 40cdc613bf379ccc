/** @jsxImportSource hono/jsx */
/**
 * Statistics for customs: decisions per day, the most flagged marks, origins, operators and
 * regimes, seizures by mark and the precision of each rule, drawn by Chart.js (served by the
 * service) and each given as a table too, for screen readers and without JavaScript; the CSV
 * export is the API's. Aggregates over a range scan the parcels received in it: they are kept
 * for a minute per node and range (see README, "Web console", for the cost at a million parcels).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { toCsv } from '../../http/csv.ts';
import { consoleStatistics, followUpStats, STATS_GROUPS, statsCells, topFlagged, type ConsoleStatistics } from '../../workflow/statistics.ts';
import { problems, queryValues } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { Field, Notice, page, Select } from '../ui.tsx';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
const RangeForm = z.object({ from: isoDate.optional(), to: isoDate.optional(), groupBy: z.enum(STATS_GROUPS).default('day') });

const CACHE_MS = 60_000;

interface ChartSpec {
  id: string;
  title: string;
  type?: 'bar' | 'line';
  horizontal?: boolean;
  stacked?: boolean;
  labels: string[];
  series: { label: string; values: number[] }[];
  /** How a value reads in the table (a share as a percentage). */
  format?: (v: number) => string;
}

/** A chart and the same numbers as a table: the canvas is decoration for those who can see it. */
function Chart(props: { spec: ChartSpec }) {
  const { spec } = props;
  const fmt = spec.format ?? ((v: number) => v.toLocaleString('en'));
  const json = JSON.stringify({ type: spec.type, horizontal: spec.horizontal, stacked: spec.stacked, labels: spec.labels, series: spec.series }).replace(/</g, '\\u003c');
  return (
    <section aria-labelledby={`${spec.id}-h`}>
      <h2 id={`${spec.id}-h`}>{spec.title}</h2>
      {spec.labels.length === 0 ? <p>No data in this range.</p> : (
        <>
          <div class="chart"><canvas data-chart={`${spec.id}-data`} aria-hidden="true"></canvas></div>
          <script type="application/json" id={`${spec.id}-data`} dangerouslySetInnerHTML={{ __html: json }}></script>
          <details>
            <summary>{`${spec.title}: the numbers`}</summary>
            <table>
              <caption class="visually-hidden">{spec.title}</caption>
              <thead><tr><th scope="col">{spec.id === 'per-day' ? 'Day' : 'Key'}</th>{spec.series.map((s) => <th scope="col" class="num">{s.label}</th>)}</tr></thead>
              <tbody>{spec.labels.map((l, i) => <tr><th scope="row">{l}</th>{spec.series.map((s) => <td class="num">{fmt(s.values[i]!)}</td>)}</tr>)}</tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function charts(s: ConsoleStatistics): ChartSpec[] {
  const days = [...s.perDay.entries()];
  const flaggedBy = (id: string, title: string, counts: ConsoleStatistics['origins']): ChartSpec => {
    const top = topFlagged(counts, 10);
    return { id, title, horizontal: true, stacked: true, labels: top.map(([k]) => k), series: [{ label: 'hold', values: top.map(([, c]) => c.hold) }, { label: 'review', values: top.map(([, c]) => c.review) }] };
  };
  const marks = [...s.marks.entries()].slice(0, 10);
  const seizures = [...s.seizuresByMark.entries()].slice(0, 10);
  const rules = s.rules.filter((r) => r.precision !== null);
  return [
    { id: 'per-day', title: 'Decisions per day', stacked: true, labels: days.map(([d]) => d), series: (['hold', 'review', 'release'] as const).map((k) => ({ label: k, values: days.map(([, c]) => c[k]) })) },
    { id: 'marks', title: 'Top marks in flagged parcels', horizontal: true, labels: marks.map(([m]) => m), series: [{ label: 'flagged parcels', values: marks.map(([, n]) => n) }] },
    flaggedBy('origins', 'Flagged parcels by origin', s.origins),
    flaggedBy('operators', 'Flagged parcels by operator', s.operators),
    flaggedBy('regimes', 'Flagged parcels by regime', s.regimes),
    { id: 'seizures', title: 'Seizures and destructions by mark', horizontal: true, labels: seizures.map(([m]) => m), series: [{ label: 'parcels', values: seizures.map(([, n]) => n) }] },
    { id: 'precision', title: 'Precision of each rule (share of its worked holds that ended in detention, seizure or destruction)', horizontal: true, labels: rules.map((r) => r.rule), series: [{ label: 'precision', values: rules.map((r) => r.precision!) }], format: (v) => `${Math.round(v * 1000) / 10} %` },
  ];
}

export function statisticsPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const customs = onlyFor(refusal, 'customs', 'admin');
  const cache = new Map<string, { at: number; stats: Promise<ConsoleStatistics> }>();

  const rangeOf = (q: { from?: string | undefined; to?: string | undefined }) => {
    const today = deps.workflow.clock().toISOString().slice(0, 10);
    const to = q.to ?? today;
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    return { from, to };
  };

  app.get('/stats', customs, async (c) => {
    const parsed = RangeForm.safeParse(queryValues(c));
    if (!parsed.success) return page(c, { title: 'Statistics', children: <Notice kind="error">{`The range is not valid: ${problems(parsed.error).join('; ')}`}</Notice> }, 400);
    const range = rangeOf(parsed.data);
    const key = `${range.from}|${range.to}`;
    let entry = cache.get(key);
    if (!entry || Date.now() - entry.at > CACHE_MS) {
      if (cache.size > 50) cache.clear();
      entry = { at: Date.now(), stats: consoleStatistics(deps.db, range) };
      cache.set(key, entry);
      entry.stats.catch(() => cache.delete(key));
    }
    const stats = await entry.stats;
    const rules = stats.rules;
    return page(c, {
      title: 'Statistics',
      charts: true,
      children: (
        <>
          <form class="filters" method="get" action="/console/stats" aria-label="Date range">
            <Field id="from" label="Received from" type="date" value={range.from} />
            <Field id="to" label="Received to" type="date" value={range.to} />
            <button type="submit">Show</button>
          </form>
          <p class="hint">{`Computed at most a minute ago (${new Date(entry.at).toISOString().slice(11, 19)} UTC) for parcels received ${range.from} to ${range.to}.`}</p>
          <form method="get" action="/console/stats.csv" class="filters" aria-label="CSV export">
            <input type="hidden" name="from" value={range.from} />
            <input type="hidden" name="to" value={range.to} />
            <Select id="groupBy" label="Export grouped by" value="day" options={STATS_GROUPS} />
            <button type="submit">Download CSV</button>
          </form>
          <div class="grid2">{charts(stats).map((spec) => <Chart spec={spec} />)}</div>
          <h2>Rules in held parcels</h2>
          <table>
            <caption class="visually-hidden">Each rule's holds and what customs did with them</caption>
            <thead><tr><th scope="col">Rule</th><th scope="col" class="num">Holds</th><th scope="col" class="num">Worked by customs</th><th scope="col" class="num">Detained, seized or destroyed</th><th scope="col" class="num">Precision</th></tr></thead>
            <tbody>{rules.map((r) => <tr><th scope="row">{r.rule}</th><td class="num">{r.holds}</td><td class="num">{r.worked}</td><td class="num">{r.stopped}</td><td class="num">{r.precision === null ? '—' : `${Math.round(r.precision * 1000) / 10} %`}</td></tr>)}</tbody>
          </table>
        </>
      ),
    });
  });

  app.get('/stats.csv', customs, async (c) => {
    const parsed = RangeForm.safeParse(queryValues(c));
    if (!parsed.success) return refusal(c, 400, `The range is not valid: ${problems(parsed.error).join('; ')}`);
    const range = rangeOf(parsed.data);
    const rows = await followUpStats(deps.db, range, parsed.data.groupBy);
    return c.body(toCsv(statsCells(rows)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="parcelscreen-stats-${range.from}-${range.to}-${parsed.data.groupBy}.csv"`,
    });
  });
}
