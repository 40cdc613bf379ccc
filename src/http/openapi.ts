/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type
 * responses. OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod 4 emits natively.
 */
import { z } from 'zod';
import { ManifestSchema, PostalParcelSchema } from '../domain/manifest.ts';
import { CSV_COLUMNS } from '../domain/manifest-csv.ts';
import { ApplicationDecisionSchema, ApplicationFormSchema, RenewalSchema } from '../domain/registry-forms.ts';
import { ReasonSchema } from '../domain/decision.ts';
import { RegistryBundleSchema } from '../domain/registry.ts';
import { CASE_REFUSALS, CASE_STATUSES } from '../domain/case-procedure.ts';
import { DeclarantResponseSchema, HolderResponseSchema } from './case-contract.ts';
import { KeySpecSchema, RotationSchema } from '../keys/spec.ts';
import {
  AllRejectedSchema,
  AmendResponseSchema,
  ErrorBodySchema,
  FilingResponseSchema,
  KeyPageSchema,
  KeySchema,
  ManifestPageSchema,
  ManifestStatusSchema,
  NewKeySchema,
  ParcelLookupPageSchema,
  ParcelPageSchema,
  RotatedKeySchema,
  DeliverySchema,
  DeliveryPageSchema,
  RegistryImportSchema,
  RegistryWarningsSchema,
} from './contract.ts';

type JsonSchema = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/**
 * The components, each with its own `$defs` for recursive parts (kept fields are any JSON value):
 * zod points at them from its schema's root (`#/$defs/…`), which in the document is the
 * component, so the pointers are made to start there.
 */
function components(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, s]) => [name, JSON.parse(JSON.stringify(s).replaceAll('"#/$defs/', `"#/components/schemas/${name}/$defs/`)) as JsonSchema]),
  );
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const error = (description: string) => ({ description, content: json('Error') });

const secured = { security: [{ apiKey: [] }] };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const itemIdParam = { name: 'itemId', in: 'path', required: true, schema: { type: 'string' } };
const query = (name: string, schema: JsonSchema, description?: string) => ({ name, in: 'query', schema, ...(description ? { description } : {}) });
const dateBound = { type: 'string', description: 'a day (YYYY-MM-DD, UTC) or a timestamp with its zone' };
const paging = [query('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }), query('cursor', { type: 'string' }, 'nextCursor of the previous page')];

export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'parcelscreen',
      version: '0.1.0',
      description:
        'Screens postal and express parcel manifests for counterfeit goods before they reach the border. ' +
        'Every route answers a query parameter it does not take (or one given twice) with 400 naming it, and a method a path does not take with 405 and an Allow header.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key from `npm run keys -- create`' } },
      schemas: components({
        Manifest: schema(ManifestSchema, 'input'),
        Parcel: schema(PostalParcelSchema, 'input'),
        FilingResponse: schema(FilingResponseSchema, 'output'),
        AllRejected: schema(AllRejectedSchema, 'output'),
        ManifestStatus: schema(ManifestStatusSchema, 'output'),
        ParcelPage: schema(ParcelPageSchema, 'output'),
        AmendResponse: schema(AmendResponseSchema, 'output'),
        Error: schema(ErrorBodySchema, 'output'),
        ApplicationForm: schema(ApplicationFormSchema, 'input'),
        ApplicationDecision: schema(ApplicationDecisionSchema, 'input'),
        Renewal: schema(RenewalSchema, 'input'),
        RegistryBundle: schema(RegistryBundleSchema, 'input'),
        Reason: schema(ReasonSchema, 'output'),
        HolderResponse: schema(HolderResponseSchema, 'input'),
        DeclarantResponse: schema(DeclarantResponseSchema, 'input'),
        CaseRefusal: {
          type: 'object',
          description: 'Why the step was refused, and what the case still waits for.',
          required: ['error', 'awaiting'],
          properties: {
            error: { type: 'object', required: ['code', 'message'], properties: { code: { enum: [...CASE_REFUSALS] }, message: { type: 'string' } } },
            awaiting: { type: 'array', items: { type: 'string' } },
          },
        },
        ManifestPage: schema(ManifestPageSchema, 'output'),
        ParcelLookupPage: schema(ParcelLookupPageSchema, 'output'),
        KeySpec: schema(KeySpecSchema, 'input'),
        KeyRotation: schema(RotationSchema, 'input'),
        Key: schema(KeySchema, 'output'),
        NewKey: schema(NewKeySchema, 'output'),
        RotatedKey: schema(RotatedKeySchema, 'output'),
        KeyPage: schema(KeyPageSchema, 'output'),
        Delivery: schema(DeliverySchema, 'output'),
        DeliveryPage: schema(DeliveryPageSchema, 'output'),
        RegistryImport: schema(RegistryImportSchema, 'output'),
        RegistryWarnings: schema(RegistryWarningsSchema, 'output'),
      }),
    },
    paths: {
      '/v1/manifests': {
        get: {
          ...secured,
          summary: 'Manifests, newest first (operator: its own; customs, admin: all, or one operator’s)',
          parameters: [
            query('manifestRef', { type: 'string' }),
            query('mode', { enum: ['postal', 'express'] }),
            query('from', dateBound, 'received on or after'),
            query('to', dateBound, 'received on or before (a day: through its end)'),
            query('operator', { type: 'string' }, 'customs and admin only'),
            ...paging,
          ],
          responses: { 200: { description: 'A page', content: json('ManifestPage') }, 400: error('Bad or unknown query parameter'), 403: error('Not an operator, customs or admin key') },
        },
        post: {
          ...secured,
          summary: 'File a manifest (role operator)',
          description:
            'Valid parcels are stored before the 202 even when others are rejected. Resubmitting the same manifestRef (with the same mode, regime and destination) returns the same manifestId; item ids filed before are listed under duplicates. ' +
            'JSON: fields the contract does not name are kept under `extra` of the object that held them. ' +
            `CSV bodies have one row per item line, comma, semicolon or tab separated, UTF-8 or UTF-16 with a byte-order mark, with the columns: ${CSV_COLUMNS.join(', ')}, ` +
            'and extra_<name> / item_extra_<name> for fields of your own (kept under the parcel’s or item line’s extra); any other column is a 400. CSV problems name the line, column and value.',
          parameters: ['manifestRef', 'mode', 'regime', 'destinationCountry'].map((name) => query(name, { type: 'string' }, 'CSV bodies only: the manifest field, instead of its column')),
          requestBody: {
            required: true,
            content: { ...json('Manifest'), 'text/csv': { schema: { type: 'string' } } },
          },
          responses: {
            200: { description: 'Nothing stored: a new manifest whose parcels were all filed before (manifestId null, duplicates listed)', content: json('FilingResponse') },
            202: { description: 'Stored (all or some parcels)', content: json('FilingResponse') },
            400: error('Not JSON/CSV (malformed_json, malformed_csv), a CSV header with unknown or missing columns (invalid_csv_header), the manifest’s own fields are not valid, or the body nests too deep (too_deep) or holds too many values for its size (too_complex)'),
            401: error('No or bad API key'),
            403: error('Not an operator key'),
            408: error('The body arrived slower than BODY_MIN_BYTES_PER_SECOND'),
            409: error('manifest_conflict: this manifestRef was filed with another mode, regime or destinationCountry (each named in errors); nothing was stored'),
            413: error('Body over MAX_BODY_BYTES'),
            415: error('Content type is not JSON or CSV'),
            422: { description: 'Every parcel is invalid', content: json('AllRejected') },
            429: error('The key is over its rate (rate_limited), or the address over its failed authentications: retry after Retry-After seconds'),
            503: error('Screening backlog full (backlog_full), or other bodies in flight fill the memory budget (bodies_in_flight): retry after Retry-After seconds; nothing was stored'),
          },
        },
      },
      '/v1/manifests/{id}': {
        get: {
          ...secured,
          summary: 'Counts of a manifest’s parcels by status and decision',
          parameters: [idParam],
          responses: { 200: { description: 'Manifest', content: json('ManifestStatus') }, 404: error('Unknown, or another operator’s') },
        },
      },
      '/v1/manifests/{id}/parcels': {
        get: {
          ...secured,
          summary: 'Each parcel’s status and decision, paged',
          parameters: [
            idParam,
            { name: 'decision', in: 'query', schema: { enum: ['hold', 'review', 'release'] } },
            { name: 'status', in: 'query', schema: { enum: ['pending', 'screening', 'screened', 'rescreen'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'A page', content: json('ParcelPage') }, 400: error('Bad query'), 404: error('Unknown manifest') },
        },
      },
      '/v1/manifests/{id}/parcels/{itemId}': {
        get: {
          ...secured,
          summary: 'A parcel with its declared data and amendment history',
          parameters: [idParam, itemIdParam],
          responses: { 200: { description: 'Parcel' }, 404: error('Unknown') },
        },
        put: {
          ...secured,
          summary: 'Amend a parcel until customs records an outcome (role operator)',
          description: 'The amended parcel is a new revision, screened again; its decision supersedes the earlier ones, which stay in the parcel’s history with the revision they were made on.',
          parameters: [idParam, itemIdParam],
          requestBody: { required: true, content: json('Parcel') },
          responses: {
            200: { description: 'Amended; screened again', content: json('AmendResponse') },
            404: error('Unknown'),
            409: error('outcome_recorded: customs recorded an outcome (named in the message)'),
            422: error('Invalid parcel'),
          },
        },
      },
      '/v1/parcels/by-item/{itemId}': {
        get: {
          ...secured,
          summary: 'The parcels filed under an item id (operator: its own; customs, admin: every operator’s, with the case file)',
          parameters: [itemIdParam],
          responses: { 200: { description: 'Parcels', content: json('ParcelLookupPage') }, 404: error('None, or only another operator’s') },
        },
      },
      '/v1/keys': {
        get: {
          ...secured,
          summary: 'API keys, newest first (admin)',
          parameters: [query('role', { enum: ['operator', 'customs', 'rightsholder', 'admin'] }), query('operator', { type: 'string' }), query('holder', { type: 'string' }), query('state', { enum: ['active', 'revoked', 'expired'] }), ...paging],
          responses: { 200: { description: 'A page', content: json('KeyPage') }, 400: error('Bad query'), 403: error('Not an admin') },
        },
        post: {
          ...secured,
          summary: 'Create an API key (admin); the secret is in this answer only',
          description: 'operator is required for, and only allowed with, role operator; holder likewise with rightsholder.',
          requestBody: { required: true, content: json('KeySpec') },
          responses: { 201: { description: 'Created', content: json('NewKey') }, 403: error('Not an admin'), 422: error('Options that do not fit the role, or a past expiry') },
        },
      },
      '/v1/keys/{id}': {
        delete: {
          ...secured,
          summary: 'Revoke a key (admin): it stops at once on this node, within 30 s on others',
          parameters: [idParam],
          responses: { 200: { description: 'Revoked', content: json('Key') }, 404: error('Unknown key'), 409: error('key_not_active: already revoked') },
        },
      },
      '/v1/keys/{id}/rotate': {
        post: {
          ...secured,
          summary: 'Rotate a key (admin): a new key; the old one works for graceSeconds more (default KEY_ROTATION_GRACE_SECONDS)',
          parameters: [idParam],
          requestBody: { required: false, content: json('KeyRotation') },
          responses: { 201: { description: 'The new key, and the old one with its new expiry', content: json('RotatedKey') }, 404: error('Unknown key'), 409: error('key_not_active: revoked, expired or rotated before') },
        },
      },
      '/v1/applications': {
        post: { ...secured, summary: 'Lodge an application for action (rightsholder; customs/admin with holderRef)', requestBody: { required: true, content: json('ApplicationForm') }, responses: { 201: { description: 'Submitted' }, 422: error('Invalid form (field errors)') } },
        get: { ...secured, summary: 'List applications (a rights holder sees its own)', parameters: [{ name: 'status', in: 'query', schema: { enum: ['submitted', 'accepted', 'rejected', 'expired'] } }, { name: 'expiringWithinDays', in: 'query', schema: { type: 'integer' } }], responses: { 200: { description: 'A page' } } },
      },
      '/v1/applications/{id}': {
        get: { ...secured, summary: 'One application', parameters: [idParam], responses: { 200: { description: 'Application' }, 404: error('Unknown, or another holder’s') } },
        put: { ...secured, summary: 'Amend a submitted or rejected application', parameters: [idParam], requestBody: { required: true, content: json('ApplicationForm') }, responses: { 200: { description: 'Resubmitted' }, 409: error('Accepted: renew instead') } },
      },
      '/v1/applications/{id}/history': { get: { ...secured, summary: 'Life cycle of an application', parameters: [idParam], responses: { 200: { description: 'History' } } } },
      '/v1/applications/{id}/decision': { post: { ...secured, summary: 'Accept or reject (customs, admin)', parameters: [idParam], requestBody: { required: true, content: json('ApplicationDecision') }, responses: { 200: { description: 'Decided; registryVersion, and rescreenQueued when parcels under control are being marked for re-screening' }, 409: error('Not submitted') } } },
      '/v1/applications/{id}/renewals': { post: { ...secured, summary: 'Renew by notification with evidence', parameters: [idParam], requestBody: { required: true, content: json('Renewal') }, responses: { 200: { description: 'Validity extended' }, 409: error('Not accepted') } } },
      '/v1/cases': {
        get: {
          ...secured,
          summary: 'Cases of the procedure after detention (a rights holder sees its own; customs and admin all)',
          description: 'Each case with its status, deadline (due in the office’s local time, and the rule that produced it), the answers so far, what it still awaits and whether destruction may proceed.',
          parameters: [
            { name: 'status', in: 'query', schema: { enum: [...CASE_STATUSES] } },
            { name: 'applicationId', in: 'query', schema: { type: 'string' } },
            { name: 'parcelId', in: 'query', schema: { type: 'integer' } },
            { name: 'overdue', in: 'query', description: 'true: release is due', schema: { enum: ['true', 'false'] } },
            { name: 'open', in: 'query', schema: { enum: ['true', 'false'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: { description: '{items, nextCursor}' }, 400: error('Bad query'), 403: error('Not a rights holder, customs or admin key') },
        },
      },
      '/v1/cases/{id}': {
        get: { ...secured, summary: 'One case, with its steps and evidence (the consignee only where NOTIFY_SHARE_CONSIGNEE allows it)', parameters: [idParam], responses: { 200: { description: 'Case' }, 404: error('Unknown, or another holder’s') } },
      },
      '/v1/cases/{id}/holder-response': {
        post: {
          ...secured,
          summary: 'The rights holder answers on its case (role rightsholder)',
          description: 'Confirms the infringement or not, agrees to destruction or not, asks for a sample or images, asks for the one extension of the period, adds evidence, records that proceedings were started.',
          parameters: [idParam],
          requestBody: { required: true, content: json('HolderResponse') },
          responses: {
            200: { description: 'The case after the answer' },
            404: error('Unknown, or another holder’s'),
            409: { description: 'Refused: closed, deadline passed, already answered, not confirmed, extension refused, release due', content: json('CaseRefusal') },
            422: error('Invalid answer (field errors)'),
          },
        },
      },
      '/v1/manifests/{id}/parcels/{itemId}/declarant-response': {
        post: {
          ...secured,
          summary: 'The declarant agrees to destruction of a detained parcel, or objects with a reason (role operator, own parcels)',
          parameters: [idParam, itemIdParam],
          requestBody: { required: true, content: json('DeclarantResponse') },
          responses: {
            200: { description: 'Recorded on each open case of the parcel: {itemId, answer, at, cases: [{status, deadline, awaiting}]}' },
            404: error('Unknown, or another operator’s'),
            409: { description: 'Refused: no case on the parcel, closed, deadline passed (silence counted as agreement), already answered', content: json('CaseRefusal') },
            422: error('Invalid answer (field errors)'),
          },
        },
      },
      '/v1/indicators': { get: { ...secured, summary: 'All risk indicators and settings (customs, admin)', responses: { 200: { description: 'Indicators' } } } },
      '/v1/indicators/{kind}': {
        get: { ...secured, summary: 'One list (watched-sellers, keywords, hazardous-hs-codes, origin-risk, de-minimis) or setting (scoring, exchange-rates, de-minimis-default)', parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Entries' } } },
        post: { ...secured, summary: 'Add an entry to a list; publishes a registry version', parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string' } }], responses: { 201: { description: 'Added' }, 422: error('Invalid') } },
        put: { ...secured, summary: 'Replace a setting; publishes a registry version', parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Replaced' } } },
      },
      '/v1/indicators/{kind}/{id}': {
        put: { ...secured, summary: 'Replace an entry', parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string' } }, idParam], responses: { 200: { description: 'Replaced' }, 404: error('Unknown') } },
        delete: { ...secured, summary: 'Remove an entry', parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string' } }, idParam], responses: { 200: { description: 'Removed' }, 404: error('Unknown') } },
      },
      '/v1/registry/import': {
        post: {
          ...secured,
          summary: 'Import a registry bundle (customs, admin)',
          description:
            'Applications are upserted by id, indicators replaced. A bundle that makes the registry the latest version already is makes no version and re-screens nothing (unchanged: true, the latest version; audited as registry.import_unchanged). ' +
            'The answer carries the compile warnings of the version (marks that are ordinary words, fold onto one, or are too short), compiled after the commit in an ingest worker.',
          requestBody: { required: true, content: json('RegistryBundle') },
          responses: { 200: { description: 'Imported (a new version), or unchanged', content: json('RegistryImport') }, 400: error('Not JSON, too deep or too complex'), 413: error('Body over MAX_BODY_BYTES'), 422: error('Invalid bundle'), 429: error('Over the rate: retry after Retry-After seconds'), 503: error('Other bodies in flight fill the memory budget: retry after Retry-After seconds') },
        },
      },
      '/v1/registry/export': { get: { ...secured, summary: 'The current registry bundle (customs, admin)', responses: { 200: { description: 'Bundle', content: json('RegistryBundle') } } } },
      '/v1/registry/versions': { get: { ...secured, summary: 'Registry versions: who, when, what, how far re-screening got, and where their warnings are (warningsUrl)', parameters: [query('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 50 })], responses: { 200: { description: 'Versions, newest first' } } } },
      '/v1/registry/versions/{version}/warnings': {
        get: {
          ...secured,
          summary: 'The compile warnings of a stored version (customs, admin), for the applications in force today or later',
          parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: { 200: { description: 'Warnings', content: json('RegistryWarnings') }, 404: error('No such version') },
        },
      },
      '/v1/webhooks': {
        put: { ...secured, summary: 'Set the webhook (operator, rightsholder): https to a public address; pinged once, signed', responses: { 200: { description: 'Set; the signing secret is shown once, with the ping answer' }, 422: error('url refused: not https, private or special address, credentials, non-standard IPv4 form, or a target that redirects') } },
        get: { ...secured, summary: 'The webhook set', responses: { 200: { description: 'Webhook' }, 404: error('None set') } },
      },
      '/v1/webhooks/deliveries': {
        get: {
          ...secured,
          summary: 'Webhook deliveries, newest first (operator, rightsholder: their own messages; admin: one owner’s, named)',
          description: 'Each message’s status, attempts, next try and last error; never its payload (GET /v1/notifications serves that).',
          parameters: [
            query('status', { enum: ['delivered', 'pending', 'failing'] }),
            query('event', { type: 'string' }, 'e.g. parcel.outcome, case.detained'),
            query('owner', { type: 'string' }, 'admin only, and required for an admin: operator:<code> or holder:<reference>'),
            ...paging,
          ],
          responses: { 200: { description: 'A page', content: json('DeliveryPage') }, 400: error('Bad or unknown query parameter; owner missing (admin) or given (others)'), 403: error('Customs') },
        },
      },
      '/v1/webhooks/deliveries/{id}/redeliver': {
        post: {
          ...secured,
          summary: 'Send one of your messages again, now (operator, rightsholder; audited)',
          description: 'The message becomes due at once, whatever its status (a delivered one is sent again with the same Idempotency-Key), and your deliveries’ pause after failures is lifted on the node that answers.',
          parameters: [idParam],
          responses: { 202: { description: 'Due now', content: json('Delivery') }, 404: error('Unknown, or another owner’s'), 409: error('no_webhook: messages are read by pull') },
        },
      },
      '/v1/audit/verify': { get: { ...secured, summary: 'Verify the audit trail hash chain (admin)', responses: { 200: { description: '{valid, entries, lastId, lastHash} or {valid: false, entries, firstBroken: {id, reason}}' } } } },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'Process is up' } } } },
      '/readyz': { get: { summary: 'Readiness: database reachable', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format' } } } },
    },
  };
}
