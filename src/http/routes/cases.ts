/**
 * Cases of the procedure after a detention: a rights holder lists, reads and answers its own
 * (404 for another holder's); customs and admin read them all.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actor, holderScope, requireRole } from '../access.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { CASE_STATUSES, type CaseRefusal } from '../../domain/case-procedure.ts';
import { answerAsHolder, getCase, listCasesFor, type ProcedureSettings } from '../../workflow/cases.ts';
import { HolderResponseSchema } from '../case-contract.ts';
import { CaseRefusalSchema, PageOfSchema, RecordSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';
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

const ListCases = operation({
  method: 'get',
  path: '/',
  operationId: 'listCases',
  tag: 'rights holder',
  access: ['rightsholder', 'customs', 'admin'],
  summary: 'Cases of the procedure after detention (a rights holder sees its own; customs and admin all)',
  description: 'Each case with its status, deadline (due in the office’s local time, and the rule that produced it), the answers so far, what it still awaits and whether destruction may proceed.',
  query: CaseListQuery,
  answers: { 200: { description: 'A page', json: PageOfSchema('a case') } },
});

const GetCase = operation({
  method: 'get',
  path: '/{id}',
  operationId: 'getCase',
  tag: 'rights holder',
  access: ['rightsholder', 'customs', 'admin'],
  summary: 'One case, with its steps and evidence (the consignee only where NOTIFY_SHARE_CONSIGNEE allows it)',
  answers: { 200: { description: 'The case', json: RecordSchema('a case') } },
  errors: { 404: 'not_found: unknown, or another holder’s' },
});

const AnswerAsHolder = operation({
  method: 'post',
  path: '/{id}/holder-response',
  operationId: 'answerCaseAsHolder',
  tag: 'rights holder',
  access: ['rightsholder'],
  summary: 'The rights holder answers on its case',
  description: 'Confirms the infringement or not, agrees to destruction or not, asks for a sample or images, asks for the one extension of the period, adds evidence, records that proceedings were started.',
  body: { json: HolderResponseSchema, required: true },
  answers: { 200: { description: 'The case after the answer', json: RecordSchema('a case') } },
  errors: {
    400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
    404: 'not_found: unknown, or another holder’s',
    409: { description: 'Refused: closed, deadline passed, already answered, not confirmed, extension refused, release due', json: CaseRefusalSchema },
    415: 'unsupported_media_type: not JSON',
    422: 'invalid_body: the answer is not valid (field errors)',
  },
});

/** 409 naming why, with what the case still waits for. */
export function refusalResponse(c: Context<AppEnv>, refusal: CaseRefusal) {
  return c.json({ ...errorBody(refusal.code, refusal.message), awaiting: refusal.awaiting }, 409);
}

const caseId = (raw: string) => (/^\d{1,15}$/.test(raw) ? Number(raw) : null);

export function caseRoutes(db: Db, settings: ProcedureSettings) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requireRole('rightsholder', 'customs', 'admin'));

  serve(app, ListCases, async (c) => {
    const q = parseQuery(c, CaseListQuery);
    if (!q.ok) return q.response;
    const { cursor, ...filter } = q.value;
    const items = await listCasesFor(db, holderScope(c.get('principal')), { ...filter, ...(cursor !== undefined ? { after: cursor } : {}) }, settings);
    return c.json({ items, nextCursor: nextCursor(items, filter.limit) });
  });

  serve(app, GetCase, async (c) => {
    const id = caseId(c.req.param('id'));
    const found = id === null ? null : await getCase(db, id, holderScope(c.get('principal')), settings);
    return found ? c.json(found) : errorResponse(c, 404, 'not_found', 'no such case');
  });

  serve(app, AnswerAsHolder, async (c) => {
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
