/**
 * Oversight: the audit trail (admin) and follow-up statistics (customs, admin; SECURE section III).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { readAudit, verifyAuditChain } from '../../db/audit.ts';
import { readScanning, type Db } from '../../db/connect.ts';
import type { Parcel } from '../../domain/manifest.ts';
import { requireRole } from '../auth.ts';
import { toCsv } from '../csv.ts';
import type { AppEnv } from '../types.ts';
import { parseQuery } from '../validate.ts';

const AuditQuery = z.object({
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const GROUPS = ['day', 'mark', 'origin', 'operator', 'regime', 'decision', 'outcome'] as const;
const StatsQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date'),
  groupBy: z.enum(GROUPS).default('day'),
});

interface StatsRow {
  key: string;
  parcels: number;
  /** Declared values summed per currency: amounts in different currencies are never added up. */
  declaredValue: Record<string, number>;
}

/** Rows are read in pages and aggregated here: declared values live in the parcels' JSON. */
async function stats(db: Db, from: string, to: string, groupBy: (typeof GROUPS)[number]): Promise<StatsRow[]> {
  const groups = new Map<string, StatsRow>();
  let after = 0;
  for (;;) {
    // On SQLite the scan runs on the background thread: no index serves a date range, so a page
    // can walk many parcels before it finds its 5,000.
    const rows = await readScanning(
      db,
      db.kysely
        .selectFrom('parcels')
        .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
        .select(['parcels.id', 'parcels.received_at', 'parcels.marks', 'parcels.origin_country', 'parcels.operator_code', 'parcels.decision', 'parcels.customs_outcome', 'parcels.data', 'manifests.regime'])
        .where('parcels.received_at', '>=', from)
        .where('parcels.received_at', '<', to.length === 10 ? `${to}T23:59:59.999Z` : to)
        .where('parcels.id', '>', after)
        .orderBy('parcels.id')
        .limit(5000),
    );
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

function statsCsv(rows: StatsRow[]): string {
  const currencies = [...new Set(rows.flatMap((r) => Object.keys(r.declaredValue)))].sort();
  return toCsv([['key', 'parcels', ...currencies.map((c) => `declared_value_${c}`)], ...rows.map((r) => [r.key, r.parcels, ...currencies.map((c) => r.declaredValue[c] ?? 0)])]);
}

export function oversightRoutes(db: Db) {
  const app = new Hono<AppEnv>();

  app.get('/audit', requireRole('admin'), async (c) => {
    const q = parseQuery(c, AuditQuery);
    if (!q.ok) return q.response;
    const items = await readAudit(db, q.value);
    return c.json({ items, nextCursor: items.length === q.value.limit ? items[items.length - 1]!.id : null });
  });

  // The hash chain, entry by entry: 200 either way, `valid` says whether it holds and `firstBroken` where not.
  app.get('/audit/verify', requireRole('admin'), async (c) => c.json(await verifyAuditChain(db)));

  const statsHandler = (csv: boolean) => async (c: Context<AppEnv>) => {
    const q = parseQuery(c, StatsQuery);
    if (!q.ok) return q.response;
    const rows = await stats(db, q.value.from, q.value.to, q.value.groupBy);
    if (csv) return c.body(statsCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    return c.json({ from: q.value.from, to: q.value.to, groupBy: q.value.groupBy, rows, total: rows.reduce((n, r) => n + r.parcels, 0) });
  };
  app.get('/stats', requireRole('customs', 'admin'), statsHandler(false));
  app.get('/stats.csv', requireRole('customs', 'admin'), statsHandler(true));

  return app;
}
