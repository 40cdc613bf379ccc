/**
 * The declarant's say on a detained parcel, given by the operator that filed it: it agrees to
 * destruction, or objects with a reason. Mounted under /v1/manifests beside the filing routes.
 */
import { actor, requireRole } from '../access.ts';
import { Hono } from 'hono';
import type { Db } from '../../db/connect.ts';
import { normaliseItemIdParam } from '../../domain/manifest.ts';
import { answerAsDeclarant, type ProcedureSettings } from '../../workflow/cases.ts';
import { DeclarantResponseSchema } from '../case-contract.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { refusalResponse } from './cases.ts';

export function declarantRoutes(db: Db, settings: ProcedureSettings) {
  const app = new Hono<AppEnv>();

  app.post('/:id/parcels/:itemId/declarant-response', requireRole('operator'), async (c) => {
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
