/**
 * Operators file manifests and read back what became of their parcels.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { BacklogGauge } from '../../backlog.ts';
import type { Db } from '../../db/connect.ts';
import {
  fileManifest,
  findManifest,
  findParcelWithHistory,
  listManifestParcels,
  manifestCounts,
} from '../../db/manifests.ts';
import { DECISIONS, PARCEL_STATUSES } from '../../db/schema.ts';
import { fieldErrors, ModeSchema, normaliseItemIdParam, parcelSchemaFor, type Mode } from '../../domain/manifest.ts';
import type { Metrics } from '../../metrics.ts';
import type { ManifestReader } from '../../ingest/manifest-reader.ts';
import type { PreparedParcel } from '../../domain/read-manifest.ts';
import { operatorScope, requireRole } from '../auth.ts';
import { manifestFormat, readJson } from '../body.ts';
import { errorResponse } from '../errors.ts';
import { CursorSchema, LimitSchema, nextCursor, nextTimeCursor, TimeCursorSchema } from '../paging.ts';
import { DateBoundSchema, endOf, startOf } from '../../domain/dates.ts';
import { listManifests } from '../../db/manifest-lookup.ts';
import type { AppEnv } from '../types.ts';
import type { AmendResponse, FilingResponse, ManifestPage, ManifestStatus } from '../contract.ts';
import { parseQuery } from '../validate.ts';
import { ACTORS } from '../../domain/events.ts';
import { amendParcel } from '../../ingest/amend.ts';
import { ACCEPTED_MEDIA_TYPES } from '../../ingest/formats.ts';

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

const ManifestListQuery = z.object({
  manifestRef: z.string().max(100).optional(),
  mode: ModeSchema.optional(),
  /** Received on or after this day or instant. */
  from: DateBoundSchema.optional(),
  /** Received on or before this day or instant. */
  to: DateBoundSchema.optional(),
  /** Customs and admin: one operator's manifests. */
  operator: z.string().max(50).optional(),
  cursor: TimeCursorSchema.optional(),
  limit: LimitSchema,
});

/** CSV bodies may carry the manifest's own fields as query parameters (JSON bodies carry them inside). */
const FilingQuery = z.object({
  manifestRef: z.string().optional(),
  mode: z.string().optional(),
  regime: z.string().optional(),
  destinationCountry: z.string().optional(),
});

/** Item ids filed before and item ids repeated within the manifest, in manifest order (with their CSV lines). */
function duplicatesOf(
  filedBefore: readonly string[],
  parcels: readonly PreparedParcel[],
  repeated: readonly { index: number; itemId: string }[],
  lines: readonly number[] | undefined,
) {
  if (filedBefore.length === 0 && repeated.length === 0) return [];
  const indexOf = new Map(parcels.map((p) => [p.itemId, p.index]));
  const all = [...filedBefore.map((itemId) => ({ index: indexOf.get(itemId)!, itemId })), ...repeated].sort((a, b) => a.index - b.index);
  return lines ? all.map((d) => ({ ...d, line: lines[d.index]! })) : all;
}

export function manifestRoutes(deps: ManifestRouteDeps) {
  const { db, metrics, backlog, reader } = deps;
  const app = new Hono<AppEnv>();

  app.post('/', requireRole('operator'), async (c) => {
    const format = manifestFormat(c);
    if (!format) return errorResponse(c, 415, 'unsupported_media_type', `send Content-Type: ${ACCEPTED_MEDIA_TYPES}`);
    const { mediaType } = format;
    const query = parseQuery(c, FilingQuery);
    if (!query.ok) return query.response;
    if (!format.takesQuery && Object.keys(query.value).length > 0) {
      return errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', Object.keys(query.value).map((name) => ({
        path: `query.${name}`,
        message: 'is for CSV bodies; a JSON manifest carries its fields in the body',
      })));
    }
    const read = await reader.read({
      body: new Uint8Array(await c.req.arrayBuffer()),
      mediaType,
      query: query.value,
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
    if (filing.envelopeConflict) {
      const differences = filing.envelopeConflict;
      return errorResponse(
        c,
        409,
        'manifest_conflict',
        `manifest ${header.manifestRef} was filed before with ${differences.map((d) => `${d.field} ${d.filed}`).join(', ')}; nothing of this request was stored (use a new manifestRef for another manifest)`,
        differences.map((d) => ({ path: d.field, message: `was ${d.filed} when the manifest was filed; this request says ${d.sent}` })),
      );
    }
    backlog.added(filing.accepted.length);
    if (filing.accepted.length > 0) deps.onAccepted();
    const duplicates = duplicatesOf(filing.duplicates, parcels, repeated, read.lines);
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
        statusUrl: filing.manifestId === null ? null : `/v1/manifests/${filing.manifestId}`,
      } satisfies FilingResponse,
      // Nothing stored (every parcel filed before, in other manifests): nothing to process.
      filing.manifestId === null ? 200 : 202,
    );
  });

  app.get('/', requireRole('operator', 'customs', 'admin'), async (c) => {
    const query = parseQuery(c, ManifestListQuery);
    if (!query.ok) return query.response;
    const { manifestRef, mode, from, to, operator, cursor, limit } = query.value;
    const scope = operatorScope(c.get('principal'));
    if (scope !== null && operator !== undefined) {
      return errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', [{ path: 'query.operator', message: 'only customs and admin choose the operator; yours are the manifests you filed' }]);
    }
    const items = await listManifests(db, {
      operatorCode: scope ?? operator?.toUpperCase() ?? null,
      manifestRef,
      mode,
      from: from === undefined ? undefined : startOf(from),
      before: to === undefined ? undefined : endOf(to),
      after: cursor,
      limit,
    });
    return c.json({
      items: items.map((m) => ({ ...m, statusUrl: `/v1/manifests/${m.manifestId}` })),
      nextCursor: nextTimeCursor(items, limit, (m) => ({ at: m.receivedAt, id: m.manifestId })),
    } satisfies ManifestPage);
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
    const query = parseQuery(c, ParcelListQuery);
    if (!query.ok) return query.response;
    const manifest = await findManifest(db, c.req.param('id'), operatorScope(c.get('principal')));
    if (!manifest) return errorResponse(c, 404, 'not_found', 'no such manifest');
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
    const result = await amendParcel(db, manifest.id, itemId, parsed.data, ACTORS.key(principal.keyId));
    if (!result.ok && result.reason === 'not_found') return errorResponse(c, 404, 'not_found', 'no such parcel in this manifest');
    if (!result.ok) {
      return errorResponse(c, 409, 'outcome_recorded', `customs recorded the outcome ${result.outcome} for this parcel: it can no longer be amended`);
    }
    backlog.added(1);
    return c.json({ itemId, revision: result.revision, status: 'pending', previousDecision: result.previousDecision } satisfies AmendResponse);
  });

  return app;
}
