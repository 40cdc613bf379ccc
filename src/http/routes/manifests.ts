/**
 * Operators file manifests and read back what became of their parcels.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { BacklogGauge } from '../../backlog.ts';
import type { Db } from '../../db/connect.ts';
import {
  amendParcel,
  fileManifest,
  findManifest,
  findParcelWithHistory,
  listManifestParcels,
  manifestCounts,
} from '../../db/manifests.ts';
import { DECISIONS, PARCEL_STATUSES } from '../../db/schema.ts';
import { fieldErrors, normaliseItemIdParam, parcelSchemaFor, type Mode } from '../../domain/manifest.ts';
import type { Metrics } from '../../metrics.ts';
import type { ManifestReader } from '../../ingest/manifest-reader.ts';
import type { PreparedParcel } from '../../domain/read-manifest.ts';
import { operatorScope, requireRole } from '../auth.ts';
import { manifestMediaType, readJson } from '../body.ts';
import { errorResponse } from '../errors.ts';
import { CursorSchema, LimitSchema, nextCursor } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import type { FilingResponse, ManifestStatus } from '../contract.ts';
import { parseQuery } from '../validate.ts';

export interface ManifestRouteDeps {
  db: Db;
  reader: ManifestReader;
  onAccepted: () => void;
  metrics: Metrics;
  backlog: BacklogGauge;
  maxParcels: number;
  maxDepth: number;
  backlogLimit: number;
  retryAfterSeconds: number;
}

const ParcelListQuery = z.object({
  decision: z.enum(DECISIONS).optional(),
  status: z.enum(PARCEL_STATUSES).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});

/** Item ids filed before and item ids repeated within the manifest, in manifest order. */
function duplicatesOf(filedBefore: readonly string[], parcels: readonly PreparedParcel[], repeated: readonly { index: number; itemId: string }[]) {
  if (filedBefore.length === 0 && repeated.length === 0) return [];
  const indexOf = new Map(parcels.map((p) => [p.itemId, p.index]));
  return [...filedBefore.map((itemId) => ({ index: indexOf.get(itemId)!, itemId })), ...repeated].sort((a, b) => a.index - b.index);
}

export function manifestRoutes(deps: ManifestRouteDeps) {
  const { db, metrics, backlog, reader } = deps;
  const app = new Hono<AppEnv>();

  app.post('/', requireRole('operator'), async (c) => {
    const mediaType = manifestMediaType(c);
    if (!mediaType) return errorResponse(c, 415, 'unsupported_media_type', 'send Content-Type: application/json or text/csv');
    const read = await reader.read({
      body: new Uint8Array(await c.req.arrayBuffer()),
      mediaType,
      query: c.req.query(),
      maxParcels: deps.maxParcels,
      maxDepth: deps.maxDepth,
    });
    if (!read.ok) return errorResponse(c, 400, read.code, read.message, read.errors);
    const { header, parcels, rejected, repeated } = read;
    metrics.parcels.inc({ outcome: 'rejected' }, rejected.length);
    if (parcels.length === 0) {
      return c.json(
        { error: { code: 'no_valid_parcels', message: 'every parcel in the manifest is invalid' }, rejected },
        422,
      );
    }
    if ((await backlog.current()) >= deps.backlogLimit) {
      c.header('Retry-After', String(deps.retryAfterSeconds));
      return errorResponse(c, 503, 'backlog_full', 'screening backlog is full; nothing of this manifest was stored, retry later');
    }

    const operatorCode = c.get('principal').operatorCode!;
    const filing = await fileManifest(db, operatorCode, header, parcels);
    backlog.added(filing.accepted.length);
    if (filing.accepted.length > 0) deps.onAccepted();
    const duplicates = duplicatesOf(filing.duplicates, parcels, repeated);
    metrics.parcels.inc({ outcome: 'accepted' }, filing.accepted.length);
    metrics.parcels.inc({ outcome: 'duplicate' }, duplicates.length);
    c.get('log').info(
      { manifestId: filing.manifestId, operator: operatorCode, accepted: filing.accepted.length, duplicates: duplicates.length, rejected: rejected.length },
      'manifest filed',
    );
    return c.json(
      {
        manifestId: filing.manifestId,
        manifestRef: header.manifestRef,
        accepted: filing.accepted.length,
        duplicates,
        rejected,
        statusUrl: `/v1/manifests/${filing.manifestId}`,
      } satisfies FilingResponse,
      202,
    );
  });

  app.get('/:id', requireRole('operator', 'customs', 'admin'), async (c) => {
    const manifest = await findManifest(db, c.req.param('id'), operatorScope(c.get('principal')));
    if (!manifest) return errorResponse(c, 404, 'not_found', 'no such manifest');
    const counts = await manifestCounts(db, manifest.id);
    return c.json({
      manifestId: manifest.id,
      manifestRef: manifest.manifest_ref,
      operator: manifest.operator_code,
      mode: manifest.mode,
      regime: manifest.regime,
      destinationCountry: manifest.destination_country,
      receivedAt: manifest.received_at,
      parcels: counts.parcels,
      status: counts.byStatus,
      decisions: counts.byDecision,
      parcelsUrl: `/v1/manifests/${manifest.id}/parcels`,
    } satisfies ManifestStatus);
  });

  app.get('/:id/parcels', requireRole('operator', 'customs', 'admin'), async (c) => {
    const manifest = await findManifest(db, c.req.param('id'), operatorScope(c.get('principal')));
    if (!manifest) return errorResponse(c, 404, 'not_found', 'no such manifest');
    const query = parseQuery(c, ParcelListQuery);
    if (!query.ok) return query.response;
    const { decision, status, cursor, limit } = query.value;
    const items = await listManifestParcels(db, manifest.id, { decision, status, after: cursor, limit });
    return c.json({ items, nextCursor: nextCursor(items, limit) });
  });

  app.get('/:id/parcels/:itemId', requireRole('operator', 'customs', 'admin'), async (c) => {
    const manifest = await findManifest(db, c.req.param('id'), operatorScope(c.get('principal')));
    if (!manifest) return errorResponse(c, 404, 'not_found', 'no such manifest');
    const parcel = await findParcelWithHistory(db, manifest.id, normaliseItemIdParam(c.req.param('itemId')));
    if (!parcel) return errorResponse(c, 404, 'not_found', 'no such parcel in this manifest');
    // Operators learn what to do with a parcel, not the holders' evidence behind it (price floors,
    // authorised sellers, applications are the holders' confidential data).
    if (c.get('principal').role === 'operator') {
      return c.json({ ...parcel, decisions: parcel.decisions.map(({ reasons: _hidden, ...d }) => d) });
    }
    return c.json(parcel);
  });

  app.put('/:id/parcels/:itemId', requireRole('operator'), async (c) => {
    const principal = c.get('principal');
    const manifest = await findManifest(db, c.req.param('id'), principal.operatorCode);
    if (!manifest) return errorResponse(c, 404, 'not_found', 'no such manifest');
    const body = await readJson(c);
    if (!body.ok) return errorResponse(c, body.status, body.code, body.message);
    const itemId = normaliseItemIdParam(c.req.param('itemId'));
    const parsed = parcelSchemaFor(manifest.mode as Mode).safeParse(body.value);
    if (!parsed.success) {
      return errorResponse(c, 422, 'invalid_parcel', 'the amended parcel is not valid', fieldErrors(parsed.error));
    }
    if (parsed.data.itemId !== itemId) {
      return errorResponse(c, 422, 'invalid_parcel', 'the amended parcel is not valid', [
        { path: 'itemId', message: `must be the item id of the parcel being amended (${itemId})` },
      ]);
    }
    const result = await amendParcel(db, manifest.id, itemId, parsed.data, `key:${principal.keyId}`);
    if (!result.ok && result.reason === 'not_found') return errorResponse(c, 404, 'not_found', 'no such parcel in this manifest');
    if (!result.ok) return errorResponse(c, 409, 'already_decided', 'the parcel has a decision and can no longer be amended');
    backlog.added(1);
    return c.json({ itemId, revision: result.revision, status: 'pending' });
  });

  return app;
}
