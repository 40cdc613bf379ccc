/**
 * Oversight: the audit trail (admin) and follow-up statistics (customs, admin; SECURE section III).
 */
import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { readAudit, verifyAuditChain } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import { followUpStats, statsCells, STATS_GROUPS } from '../../workflow/statistics.ts';
import { toCsv } from '../csv.ts';
import { LimitSchema } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseQuery } from '../validate.ts';
import { AuditPageSchema, AuditVerificationSchema, StatsSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';

const AuditQuery = z.object({
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: LimitSchema,
});

const StatsQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date'),
  groupBy: z.enum(STATS_GROUPS).default('day'),
});

const ReadAudit = operation({
  method: 'get',
  path: '/audit',
  operationId: 'readAuditTrail',
  tag: 'admin',
  access: ['admin'],
  summary: 'The audit trail, oldest first, with filters',
  query: AuditQuery,
  answers: { 200: { description: 'A page', json: AuditPageSchema } },
});

const VerifyAudit = operation({
  method: 'get',
  path: '/audit/verify',
  operationId: 'verifyAuditTrail',
  tag: 'admin',
  access: ['admin'],
  summary: 'Verify the audit trail’s hash chain, entry by entry',
  answers: { 200: { description: '{valid, entries, lastId, lastHash}, or {valid: false, entries, firstBroken: {id, reason}}', json: AuditVerificationSchema } },
});

const statsFor = (csv: boolean) =>
  operation({
    method: 'get',
    path: csv ? '/stats.csv' : '/stats',
    operationId: csv ? 'getFollowUpStatsCsv' : 'getFollowUpStats',
    tag: 'customs',
    access: ['customs', 'admin'],
    summary: `Follow-up statistics (SECURE section III) for a period, grouped by day, mark, origin, operator, regime, decision or outcome${csv ? ', as CSV' : ''}`,
    query: StatsQuery,
    answers: { 200: csv ? { description: 'One line per group', csv: true } : { description: 'Rows per group and the total', json: StatsSchema } },
  });

export function oversightRoutes(db: Db) {
  const app = new OpenAPIHono<AppEnv>();

  serve(app, ReadAudit, async (c) => {
    const q = parseQuery(c, AuditQuery);
    if (!q.ok) return q.response;
    const items = await readAudit(db, q.value);
    return c.json({ items, nextCursor: items.length === q.value.limit ? items[items.length - 1]!.id : null });
  });

  // The hash chain, entry by entry: 200 either way, `valid` says whether it holds and `firstBroken` where not.
  serve(app, VerifyAudit, async (c) => c.json(await verifyAuditChain(db)));

  const statsHandler = (csv: boolean) => async (c: Context<AppEnv>) => {
    const q = parseQuery(c, StatsQuery);
    if (!q.ok) return q.response;
    const rows = await followUpStats(db, { from: q.value.from, to: q.value.to }, q.value.groupBy);
    if (csv) return c.body(toCsv(statsCells(rows)), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    return c.json({ from: q.value.from, to: q.value.to, groupBy: q.value.groupBy, rows, total: rows.reduce((n, r) => n + r.parcels, 0) });
  };
  serve(app, statsFor(false), statsHandler(false));
  serve(app, statsFor(true), statsHandler(true));

  return app;
}
