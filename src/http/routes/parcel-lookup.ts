/**
 * `GET /v1/parcels/by-item/:itemId`: where a parcel is, from the item id on its label. Operators
 * find their own (another operator's item id does not exist for them: 404 either way); customs
 * and admin find it whoever filed it, with the case file's address.
 */
import { operatorScope, requireRole } from '../access.ts';
import { Hono } from 'hono';
import type { Db } from '../../db/connect.ts';
import { findParcelsByItemId } from '../../db/manifest-lookup.ts';
import { normaliseItemIdParam } from '../../domain/manifest.ts';
import type { ParcelLookupPage } from '../contract.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';

export function parcelLookupRoutes(db: Db) {
  const app = new Hono<AppEnv>();

  app.get('/:itemId', requireRole('operator', 'customs', 'admin'), async (c) => {
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
