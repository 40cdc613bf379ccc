/**
 * Customs' review queue and case handling: flagged parcels sorted by risk, each with its full
 * declared data, every decision with its evidence and registry version, and the outcomes under
 * the state machine.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { DECISIONS } from '../../db/schema.ts';
import { CountrySchema, RegimeSchema } from '../../domain/manifest.ts';
import { whereReleaseDue } from '../../db/cases.ts';
import { outcomeHistory } from '../../db/outcomes.ts';
import type { Reason } from '../../screening/decision.ts';
import { procedureOfParcel } from '../../workflow/cases.ts';
import { allowedNext, OUTCOME_ACTIONS, TERMINAL, type OutcomeAction } from '../../workflow/outcomes.ts';
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

const TERMINAL_LIST = [...TERMINAL];

export function parcelRoutes(db: Db, settings: WorkflowSettings) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));

  app.get('/', async (c) => {
    const q = parseQuery(c, QueueQuery);
    if (!q.ok) return q.response;
    const f = q.value;
    let query = db.kysely
      .selectFrom('parcels')
      .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
      .select([
        'parcels.id', 'parcels.item_id', 'parcels.operator_code', 'parcels.decision', 'parcels.risk_score', 'parcels.marks',
        'parcels.origin_country', 'parcels.customs_outcome', 'parcels.confirm_by', 'parcels.received_at', 'parcels.decided_at', 'manifests.regime',
      ]);
    query = f.decision ? query.where('parcels.decision', '=', f.decision) : query.where('parcels.decision', 'in', ['hold', 'review']);
    if (f.open === 'true') query = query.where((eb) => eb.or([eb('parcels.customs_outcome', 'is', null), eb('parcels.customs_outcome', 'not in', TERMINAL_LIST)]));
    if (f.open === 'false') query = query.where('parcels.customs_outcome', 'in', TERMINAL_LIST);
    // Overdue: release is due (no confirmation, or no proceedings, in time) and nothing else keeps the goods.
    if (f.overdue === 'true') query = query.where(whereReleaseDue(settings.clock().toISOString()));
    if (f.operator) query = query.where('parcels.operator_code', '=', f.operator.toUpperCase());
    if (f.mark) query = query.where(sql<boolean>`(',' || lower(parcels.marks) || ',') like ${`%,${f.mark.toLowerCase()},%`}`);
    if (f.origin) query = query.where('parcels.origin_country', '=', f.origin);
    if (f.regime) query = query.where('manifests.regime', '=', f.regime);
    if (f.since) query = query.where('parcels.received_at', '>=', f.since);
    if (f.cursor) {
      const [risk, id] = f.cursor.split(':').map(Number) as [number, number];
      query = query.where((eb) => eb.or([eb('parcels.risk_score', '<', risk), eb.and([eb('parcels.risk_score', '=', risk), eb('parcels.id', '>', id)])]));
    }
    const rows = await query.orderBy('parcels.risk_score', 'desc').orderBy('parcels.id').limit(f.limit).execute();
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
    const last = rows.at(-1);
    return c.json({ items, nextCursor: rows.length === f.limit && last ? `${last.risk_score ?? 0}:${last.id}` : null });
  });

  app.get('/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const row = await db.kysely
      .selectFrom('parcels')
      .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
      .selectAll('parcels')
      .select(['manifests.manifest_ref', 'manifests.mode', 'manifests.regime', 'manifests.destination_country'])
      .where('parcels.id', '=', id)
      .executeTakeFirst();
    if (!row) return errorResponse(c, 404, 'not_found', 'no such parcel');
    const decisions = await db.kysely.selectFrom('decisions').selectAll().where('parcel_id', '=', id).orderBy('id').execute();
    const outcomes = await outcomeHistory(db.kysely, id);
    const procedure = await procedureOfParcel(db, id, settings);
    return c.json({
      id: row.id,
      itemId: row.item_id,
      operator: row.operator_code,
      manifest: { id: row.manifest_id, manifestRef: row.manifest_ref, mode: row.mode, regime: row.regime, destinationCountry: row.destination_country },
      parcel: JSON.parse(row.data) as unknown,
      revision: row.revision,
      status: row.status,
      decision: row.decision,
      riskScore: row.risk_score,
      registryVersion: row.registry_version,
      decisions: decisions.map((d) => ({ decision: d.decision, riskScore: d.risk_score, registryVersion: d.registry_version, parcelRevision: d.parcel_revision, decidedAt: d.decided_at, reasons: JSON.parse(d.reasons) as Reason[] })),
      outcomes,
      outcome: row.customs_outcome,
      confirmBy: row.confirm_by,
      allowedNext: allowedNext(outcomes.map((o) => o.action as OutcomeAction)).filter((a) => a !== 'destroyed' || procedure.destruction.allowed),
      // The procedure after detention: each holder's case, whether destruction may proceed, and whether release is overdue.
      cases: procedure.cases,
      destruction: procedure.destruction.allowed ? { allowed: true } : { allowed: false, code: procedure.destruction.refusal.code, reason: procedure.destruction.refusal.message, awaiting: procedure.destruction.refusal.awaiting },
      releaseDue: procedure.releaseDue,
    });
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
