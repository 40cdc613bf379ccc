/**
 * Customs' review queue and case handling: flagged parcels sorted by risk, each with its full
 * declared data, every decision with its evidence and registry version, and the outcomes under
 * the state machine.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { actor, requireRole } from '../access.ts';
import { OutcomeRecordedSchema, OutcomeRefusedSchema, QueuePageSchema, RecordSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { DECISIONS } from '../../db/schema.ts';
import { CountrySchema, RegimeSchema } from '../../domain/manifest.ts';
import { queueCursor, reviewQueue } from '../../db/review-queue.ts';
import { caseFile } from '../../workflow/case-file.ts';
import { OUTCOME_ACTIONS } from '../../domain/outcomes.ts';
import { recordOutcome, type WorkflowSettings } from '../../workflow/record-outcome.ts';
import { errorBody, errorResponse } from '../errors.ts';
import { encodeRankCursor, LimitSchema, RankCursorSchema } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';

const QueueQuery = z.object({
  decision: z.enum(DECISIONS).optional(),
  open: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  operator: z.string().max(50).optional(),
  mark: z.string().max(100).optional(),
  origin: CountrySchema.optional(),
  regime: RegimeSchema.optional(),
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date or timestamp').optional(),
  cursor: RankCursorSchema.optional(),
  limit: LimitSchema,
});

const OutcomeBody = z.object({ action: z.enum(OUTCOME_ACTIONS), note: z.string().trim().max(2000).optional() });

const customs = ['customs', 'admin'] as const;

const ReviewQueue = operation({
  method: 'get',
  path: '/',
  operationId: 'listReviewQueue',
  tag: 'customs',
  access: customs,
  summary: 'The review queue: screened parcels, highest risk first, with filters',
  query: QueueQuery,
  answers: { 200: { description: 'A page', json: QueuePageSchema } },
});

const CaseFile = operation({
  method: 'get',
  path: '/{id}',
  operationId: 'getParcelCaseFile',
  tag: 'customs',
  access: customs,
  summary: 'A parcel’s case file: declared data, every decision with its evidence and registry version, outcomes, cases and deadlines',
  answers: { 200: { description: 'The case file', json: RecordSchema('the case file') } },
  errors: { 404: 'not_found: no such parcel' },
});

const RecordOutcome = operation({
  method: 'post',
  path: '/{id}/outcomes',
  operationId: 'recordParcelOutcome',
  tag: 'customs',
  access: customs,
  summary: 'Record what customs did with a parcel (released, detained, suspended, sample requested or sent, seized, destroyed, returned)',
  description: 'Outcomes follow a state machine: the answer lists the actions that may follow. Destruction needs the agreement the cases of the parcel require.',
  body: { json: OutcomeBody, required: true },
  answers: { 201: { description: 'Recorded', json: OutcomeRecordedSchema } },
  errors: {
    400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
    404: 'not_found: no such parcel',
    409: { description: 'not_allowed: the action may not follow the current outcome (allowedNext), or destruction refused by the parcel’s cases (awaiting, cases)', json: OutcomeRefusedSchema },
    415: 'unsupported_media_type: not JSON',
    422: 'invalid_body: the outcome is not valid (field errors)',
  },
});

export function parcelRoutes(db: Db, settings: WorkflowSettings) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));

  serve(app, ReviewQueue, async (c) => {
    const q = parseQuery(c, QueueQuery);
    if (!q.ok) return q.response;
    const { cursor, open, overdue, ...f } = q.value;
    const rows = await reviewQueue(
      db,
      { ...f, ...(open ? { open: open === 'true' } : {}), overdue: overdue === 'true', ...(cursor ? { after: cursor } : {}) },
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
    return c.json({ items, nextCursor: next ? encodeRankCursor(next) : null });
  });

  serve(app, CaseFile, async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const file = await caseFile(db, id, settings);
    if (!file) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const { revisions: _console, ...shown } = file;
    return c.json(shown);
  });

  serve(app, RecordOutcome, async (c) => {
    const id = Number(c.req.param('id'));
    const parsed = await parseBody(c, OutcomeBody, 'the outcome');
    if (!parsed.ok) return parsed.response;
    if (!Number.isSafeInteger(id)) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const { action, note } = parsed.value;
    const result = await recordOutcome(db, id, action, note ?? null, actor(c.get('principal')), settings);
    if (!result.ok && result.reason === 'not_found') return errorResponse(c, 404, 'not_found', 'no such parcel');
    if (!result.ok && result.reason === 'not_allowed') {
      return c.json({ ...errorBody('not_allowed', `${action} may not follow ${result.current ?? 'no outcome'}`), allowedNext: result.allowed }, 409);
    }
    if (!result.ok && result.reason === 'destruction_refused') {
      const { refusal, cases } = result.verdict;
      return c.json({ ...errorBody(refusal.code, refusal.message), awaiting: refusal.awaiting, cases }, 409);
    }
    if (!result.ok) return errorResponse(c, 500, 'internal', 'unexpected');
    return c.json({ ...result.outcome, allowedNext: result.allowedNext }, 201);
  });

  return app;
}
