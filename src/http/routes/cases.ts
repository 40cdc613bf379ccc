/**
 * Cases of the procedure after a detention: a rights holder lists, reads and answers its own
 * (404 for another holder's); customs and admin read them all.
 */
import { actor, holderScope, requireRole } from '../access.ts';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { CASE_STATUSES, type CaseRefusal } from '../../domain/case-procedure.ts';
import { answerAsHolder, getCase, listCasesFor, type ProcedureSettings } from '../../workflow/cases.ts';
import { HolderResponseSchema } from '../case-contract.ts';
import { errorBody, errorResponse } from '../errors.ts';
import { CursorSchema, LimitSchema, nextCursor } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const CaseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  applicationId: z.string().max(64).optional(),
  parcelId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  overdue: flag.optional(),
  open: flag.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});

/** 409 naming why, with what the case still waits for. */
export function refusalResponse(c: Context<AppEnv>, refusal: CaseRefusal) {
  return c.json({ ...errorBody(refusal.code, refusal.message), awaiting: refusal.awaiting }, 409);
}

const caseId = (raw: string) => (/^\d{1,15}$/.test(raw) ? Number(raw) : null);

export function caseRoutes(db: Db, settings: ProcedureSettings) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('rightsholder', 'customs', 'admin'));

  app.get('/', async (c) => {
    const q = parseQuery(c, CaseListQuery);
    if (!q.ok) return q.response;
    const { cursor, ...filter } = q.value;
    const items = await listCasesFor(db, holderScope(c.get('principal')), { ...filter, ...(cursor !== undefined ? { after: cursor } : {}) }, settings);
    return c.json({ items, nextCursor: nextCursor(items, filter.limit) });
  });

  app.get('/:id', async (c) => {
    const id = caseId(c.req.param('id'));
    const found = id === null ? null : await getCase(db, id, holderScope(c.get('principal')), settings);
    return found ? c.json(found) : errorResponse(c, 404, 'not_found', 'no such case');
  });

  app.post('/:id/holder-response', requireRole('rightsholder'), async (c) => {
    const parsed = await parseBody(c, HolderResponseSchema, 'the answer');
    if (!parsed.ok) return parsed.response;
    const id = caseId(c.req.param('id'));
    if (id === null) return errorResponse(c, 404, 'not_found', 'no such case');
    const { proceedingsStarted, ...answer } = parsed.value;
    const p = c.get('principal');
    const result = await answerAsHolder(db, id, holderScope(p), { ...answer, ...(proceedingsStarted ? { proceedingsReference: proceedingsStarted.reference } : {}) }, actor(p), settings);
    if (!result.ok && result.reason === 'not_found') return errorResponse(c, 404, 'not_found', 'no such case');
    if (!result.ok) return refusalResponse(c, result.refusal);
    return c.json(result.value);
  });

  return app;
}
