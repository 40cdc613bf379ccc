/**
 * The declarant's say on a detained parcel, given by the operator that filed it: it agrees to
 * destruction, or objects with a reason. Mounted under /v1/manifests beside the filing routes.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { actor } from '../access.ts';
import { CaseRefusalSchema, RecordSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import type { Db } from '../../db/connect.ts';
import { normaliseItemIdParam } from '../../domain/manifest.ts';
import { answerAsDeclarant, type ProcedureSettings } from '../../workflow/cases.ts';
import { DeclarantResponseSchema } from '../case-contract.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { refusalResponse } from './cases.ts';

const AnswerAsDeclarant = operation({
  method: 'post',
  path: '/{id}/parcels/{itemId}/declarant-response',
  operationId: 'answerAsDeclarant',
  tag: 'operator',
  access: ['operator'],
  summary: 'The declarant agrees to destruction of a detained parcel, or objects with a reason (own parcels)',
  body: { json: DeclarantResponseSchema, required: true },
  answers: { 200: { description: 'Recorded on each open case of the parcel: {itemId, answer, at, cases: [{status, deadline, awaiting}]}', json: RecordSchema('the answer and the parcel’s cases') } },
  errors: {
    400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
    404: 'not_found: unknown, or another operator’s',
    409: { description: 'Refused: no case on the parcel, closed, deadline passed (silence counted as agreement), already answered', json: CaseRefusalSchema },
    415: 'unsupported_media_type: not JSON',
    422: 'invalid_body: the answer is not valid (field errors)',
  },
});

export function declarantRoutes(db: Db, settings: ProcedureSettings) {
  const app = new OpenAPIHono<AppEnv>();

  serve(app, AnswerAsDeclarant, async (c) => {
    const parsed = await parseBody(c, DeclarantResponseSchema, 'the answer');
    if (!parsed.ok) return parsed.response;
    const p = c.get('principal');
    const parcel = { manifestId: c.req.param('id'), itemId: normaliseItemIdParam(c.req.param('itemId')), operatorCode: p.operatorCode! };
    const result = await answerAsDeclarant(db, parcel, parsed.value, actor(p), settings);
    if (result.ok) return c.json(result.value);
    if (result.reason === 'not_found') return errorResponse(c, 404, 'not_found', 'no such parcel in this manifest');
    return refusalResponse(c, result.refusal);
  });

  return app;
}
