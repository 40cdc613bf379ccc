/**
 * Operators file manifests and read back what became of their parcels.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { operatorScope } from '../access.ts';
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
import { manifestFormat, readJson } from '../body.ts';
import { errorBody, errorResponse } from '../errors.ts';
import { CursorSchema, LimitSchema, nextCursor, nextTimeCursor, TimeCursorSchema } from '../paging.ts';
import { DateBoundSchema, endOf, startOf } from '../../domain/dates.ts';
import { listManifests } from '../../db/manifest-lookup.ts';
import type { AppEnv } from '../types.ts';
import {
  AllRejectedSchema,
  AmendResponseSchema,
  FilingResponseSchema,
  ManifestPageSchema,
  ManifestStatusSchema,
  ParcelPageSchema,
  RecordSchema,
  type AmendResponse,
  type FilingResponse,
  type ManifestPage,
  type ManifestStatus,
} from '../contract.ts';
import { operation, serve } from '../operation.ts';
import { ManifestSchema, PostalParcelSchema } from '../../domain/manifest.ts';
import { CSV_COLUMNS } from '../../domain/manifest-csv.ts';
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
const csvOnly = 'CSV bodies only: the manifest field, instead of its column';
const FilingQuery = z.object({
  manifestRef: z.string().optional().describe(csvOnly),
  mode: z.string().optional().describe(csvOnly),
  regime: z.string().optional().describe(csvOnly),
  destinationCountry: z.string().optional().describe(csvOnly),
});

const FileManifest = operation({
  method: 'post',
  path: '/',
  operationId: 'fileManifest',
  tag: 'operator',
  access: ['operator'],
  summary: 'File a manifest',
  description:
    'Valid parcels are stored before the 202 even when others are rejected. Resubmitting the same manifestRef (with the same mode, regime and destination) returns the same manifestId; item ids filed before are listed under duplicates. ' +
    'JSON: fields the contract does not name are kept under `extra` of the object that held them. ' +
    `CSV bodies have one row per item line, comma, semicolon or tab separated, UTF-8 or UTF-16 with a byte-order mark, with the columns: ${CSV_COLUMNS.join(', ')}, ` +
    'and extra_<name> / item_extra_<name> for fields of your own (kept under the parcel’s or item line’s extra); any other column is a 400. CSV problems name the line, column and value.',
  query: FilingQuery,
  body: { json: ManifestSchema, csv: 'one row per item line; the manifest fields in their columns or as query parameters', required: true },
  answers: {
    200: { description: 'Nothing stored: a new manifest whose parcels were all filed before (manifestId null, duplicates listed)', json: FilingResponseSchema },
    202: { description: 'Stored (all or some parcels)', json: FilingResponseSchema },
  },
  errors: {
    400: 'Not JSON/CSV (malformed_json, malformed_csv), a CSV header with unknown or missing columns (invalid_csv_header), the manifest’s own fields are not valid (invalid_manifest), the body nests too deep (too_deep) or holds too many values for its size (too_complex), or a query parameter given with a JSON body (invalid_query)',
    408: 'request_timeout: the body arrived slower than BODY_MIN_BYTES_PER_SECOND',
    409: 'manifest_conflict: this manifestRef was filed with another mode, regime or destinationCountry (each named in errors); nothing was stored',
    413: 'payload_too_large: body over MAX_BODY_BYTES',
    415: 'unsupported_media_type: the content type is not JSON or CSV',
    422: { description: 'no_valid_parcels: every parcel is invalid', json: AllRejectedSchema },
    503: 'backlog_full: the screening backlog is full, or bodies_in_flight: other bodies fill the memory budget; retry after Retry-After seconds; nothing was stored',
  },
});

const ListManifests = operation({
  method: 'get',
  path: '/',
  operationId: 'listManifests',
  tag: 'operator',
  access: ['operator', 'customs', 'admin'],
  summary: 'Manifests, newest first (operator: its own; customs, admin: all, or one operator’s)',
  query: ManifestListQuery,
  answers: { 200: { description: 'A page', json: ManifestPageSchema } },
  errors: { 400: 'invalid_query: a bad or unknown query parameter, or operator given by an operator' },
});

const GetManifest = operation({
  method: 'get',
  path: '/{id}',
  operationId: 'getManifest',
  tag: 'operator',
  access: ['operator', 'customs', 'admin'],
  summary: 'Counts of a manifest’s parcels by status and decision',
  answers: { 200: { description: 'Manifest', json: ManifestStatusSchema } },
  errors: { 404: 'not_found: unknown, or another operator’s' },
});

const ListManifestParcels = operation({
  method: 'get',
  path: '/{id}/parcels',
  operationId: 'listManifestParcels',
  tag: 'operator',
  access: ['operator', 'customs', 'admin'],
  summary: 'Each parcel’s status and decision, paged',
  query: ParcelListQuery,
  answers: { 200: { description: 'A page', json: ParcelPageSchema } },
  errors: { 404: 'not_found: unknown manifest, or another operator’s' },
});

const GetManifestParcel = operation({
  method: 'get',
  path: '/{id}/parcels/{itemId}',
  operationId: 'getManifestParcel',
  tag: 'operator',
  access: ['operator', 'customs', 'admin'],
  summary: 'A parcel with its declared data, amendment history and decisions (operators: without the evidence behind them)',
  answers: { 200: { description: 'The parcel: {itemId, revision, status, data, revisions, decisions, outcomes}', json: RecordSchema('the parcel and its history') } },
  errors: { 404: 'not_found: unknown manifest or parcel' },
});

const AmendParcel = operation({
  method: 'put',
  path: '/{id}/parcels/{itemId}',
  operationId: 'amendParcel',
  tag: 'operator',
  access: ['operator'],
  summary: 'Amend a parcel until customs records an outcome',
  description: 'The amended parcel is a new revision, screened again; its decision supersedes the earlier ones, which stay in the parcel’s history with the revision they were made on.',
  body: { json: PostalParcelSchema, required: true, description: 'the parcel as the manifest’s mode has it (postal shown; express adds its waybills)' },
  answers: { 200: { description: 'Amended; screened again', json: AmendResponseSchema } },
  errors: {
    400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
    404: 'not_found: unknown manifest or parcel',
    409: 'outcome_recorded: customs recorded an outcome (named in the message)',
    415: 'unsupported_media_type: not JSON',
    422: 'invalid_parcel: the parcel is not valid (field errors), or its itemId is not the one amended',
  },
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
  const app = new OpenAPIHono<AppEnv>();

  serve(app, FileManifest, async (c) => {
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
        { ...errorBody('no_valid_parcels', 'every parcel in the manifest is invalid'), rejected },
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

  serve(app, ListManifests, async (c) => {
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

  serve(app, GetManifest, async (c) => {
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

  serve(app, ListManifestParcels, async (c) => {
    const query = parseQuery(c, ParcelListQuery);
    if (!query.ok) return query.response;
    const manifest = await findManifest(db, c.req.param('id'), operatorScope(c.get('principal')));
    if (!manifest) return errorResponse(c, 404, 'not_found', 'no such manifest');
    const { decision, status, cursor, limit } = query.value;
    const items = await listManifestParcels(db, manifest.id, { decision, status, after: cursor, limit });
    return c.json({ items, nextCursor: nextCursor(items, limit) });
  });

  serve(app, GetManifestParcel, async (c) => {
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

  serve(app, AmendParcel, async (c) => {
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
