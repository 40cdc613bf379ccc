/**
 * Customs' review queue and case handling: flagged parcels sorted by risk, each with its full
 * declared data, every decision with its evidence and registry version, and the outcomes under
 * the state machine.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { DECISIONS } from '../../db/schema.ts';
import { CountrySchema, RegimeSchema } from '../../domain/manifest.ts';
import { queueCursor, reviewQueue } from '../../db/review-queue.ts';
import { caseFile } from '../../workflow/case-file.ts';
import { OUTCOME_ACTIONS } from '../../domain/outcomes.ts';
import { recordOutcome, type WorkflowSettings } from '../../workflow/record-outcome.ts';
import { requireRole } from '../auth.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';
import { actor } from './applications.ts';

const QueueQuery = z.object({
  decision: z.enum(DECISIONS).optional(),
  open: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  operator: z.string().max(50).optional(),
  mark: z.string().max(100).optional(),
  origin: CountrySchema.optional(),
  regime: RegimeSchema.optional(),
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date or timestamp').optional(),
  cursor: z
    .string()
    .regex(/^\d{1,3}:\d{1,15}$/, 'is not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const OutcomeBody = z.object({ action: z.enum(OUTCOME_ACTIONS), note: z.string().trim().max(2000).optional() });

export function parcelRoutes(db: Db, settings: WorkflowSettings) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));

  app.get('/', async (c) => {
    const q = parseQuery(c, QueueQuery);
    if (!q.ok) return q.response;
    const { cursor, open, overdue, ...f } = q.value;
    const [risk, id] = cursor ? (cursor.split(':').map(Number) as [number, number]) : [];
    const rows = await reviewQueue(
      db,
      { ...f, ...(open ? { open: open === 'true' } : {}), overdue: overdue === 'true', ...(cursor ? { after: { riskScore: risk!, id: id! } } : {}) },
      settings.clock().toISOString(),
    );
    const items = rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      operator: r.operator_code,
      decision: r.decision,
      riskScore: r.risk_score,
      marks: r.marks ? r.marks.split(',') : [],
      origin: r.origin_country,
      regime: r.regime,
      outcome: r.customs_outcome,
      confirmBy: r.confirm_by,
      receivedAt: r.received_at,
      decidedAt: r.decided_at,
    }));
    const next = queueCursor(rows, f.limit);
    return c.json({ items, nextCursor: next ? `${next.riskScore}:${next.id}` : null });
  });

  app.get('/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const file = await caseFile(db, id, settings);
    if (!file) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const { revisions: _console, ...shown } = file;
    return c.json(shown);
  });

  app.post('/:id/outcomes', async (c) => {
    const id = Number(c.req.param('id'));
    const parsed = await parseBody(c, OutcomeBody, 'the outcome');
    if (!parsed.ok) return parsed.response;
    if (!Number.isSafeInteger(id)) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const { action, note } = parsed.value;
    const result = await recordOutcome(db, id, action, note ?? null, actor(c.get('principal')), settings);
    if (!result.ok && result.reason === 'not_found') return errorResponse(c, 404, 'not_found', 'no such parcel');
    if (!result.ok && result.reason === 'not_allowed') {
      return c.json({ error: { code: 'not_allowed', message: `${action} may not follow ${result.current ?? 'no outcome'}` }, allowedNext: result.allowed }, 409);
    }
    if (!result.ok && result.reason === 'destruction_refused') {
      const { refusal, cases } = result.verdict;
      return c.json({ error: { code: refusal.code, message: refusal.message }, awaiting: refusal.awaiting, cases }, 409);
    }
    if (!result.ok) return errorResponse(c, 500, 'internal', 'unexpected');
    return c.json({ ...result.outcome, allowedNext: result.allowedNext }, 201);
  });

  return app;
}
