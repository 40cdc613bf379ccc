/**
 * `GET /v1/parcels/by-item/:itemId`: where a parcel is, from the item id on its label. Operators
 * find their own (another operator's item id does not exist for them: 404 either way); customs
 * and admin find it whoever filed it, with the case file's address.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { operatorScope } from '../access.ts';
import type { Db } from '../../db/connect.ts';
import { findParcelsByItemId } from '../../db/manifest-lookup.ts';
import { normaliseItemIdParam } from '../../domain/manifest.ts';
import { ParcelLookupPageSchema, type ParcelLookupPage } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';

const FindParcelsByItem = operation({
  method: 'get',
  path: '/{itemId}',
  operationId: 'findParcelsByItemId',
  tag: 'operator',
  access: ['operator', 'customs', 'admin'],
  summary: 'The parcels filed under an item id (operator: its own; customs, admin: every operator’s, with the case file)',
  answers: { 200: { description: 'Parcels', json: ParcelLookupPageSchema } },
  errors: { 404: 'not_found: none, or only another operator’s' },
});

export function parcelLookupRoutes(db: Db) {
  const app = new OpenAPIHono<AppEnv>();

  serve(app, FindParcelsByItem, async (c) => {
    const scope = operatorScope(c.get('principal'));
    const found = await findParcelsByItemId(db, normaliseItemIdParam(c.req.param('itemId')), scope);
    if (found.length === 0) return errorResponse(c, 404, 'not_found', 'no parcel with this item id');
    return c.json({
      items: found.map((p) => ({
        ...p,
        parcelUrl: `/v1/manifests/${p.manifestId}/parcels/${encodeURIComponent(p.itemId)}`,
        ...(scope === null ? { caseUrl: `/v1/parcels/${p.parcelId}` } : {}),
      })),
    } satisfies ParcelLookupPage);
  });

  return app;
}
