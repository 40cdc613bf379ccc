/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type
 * responses. OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod 4 emits natively.
 */
import { z } from 'zod';
import { ManifestSchema, PostalParcelSchema } from '../domain/manifest.ts';
import { CSV_COLUMNS } from '../domain/manifest-csv.ts';
import { ApplicationDecisionSchema, ApplicationFormSchema, RenewalSchema } from '../registry/forms.ts';
import { ReasonSchema } from '../screening/decision.ts';
import { RegistryBundleSchema } from '../screening/registry-schema.ts';
import {
  AllRejectedSchema,
  AmendResponseSchema,
  ErrorBodySchema,
  FilingResponseSchema,
  ManifestStatusSchema,
  ParcelPageSchema,
} from './contract.ts';

type JsonSchema = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const error = (description: string) => ({ description, content: json('Error') });

const secured = { security: [{ apiKey: [] }] };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const itemIdParam = { name: 'itemId', in: 'path', required: true, schema: { type: 'string' } };

export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'parcelscreen',
      version: '0.1.0',
      description: 'Screens postal and express parcel manifests for counterfeit goods before they reach the border.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key from `npm run keys -- create`' } },
      schemas: {
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
      },
    },
    paths: {
      '/v1/manifests': {
        post: {
          ...secured,
          summary: 'File a manifest (role operator)',
          description:
            'Valid parcels are stored before the 202 even when others are rejected. Resubmitting the same manifestRef returns the same manifestId; item ids filed before are listed under duplicates. ' +
            `CSV bodies have one row per item line with the columns: ${CSV_COLUMNS.join(', ')}.`,
          requestBody: {
            required: true,
            content: { ...json('Manifest'), 'text/csv': { schema: { type: 'string' } } },
          },
          responses: {
            202: { description: 'Stored (all or some parcels)', content: json('FilingResponse') },
            400: error('Not JSON/CSV, the manifest header is not valid, or the body nests too deep (too_deep) or holds too many values for its size (too_complex)'),
            401: error('No or bad API key'),
            403: error('Not an operator key'),
            408: error('The body arrived slower than BODY_MIN_BYTES_PER_SECOND'),
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
          summary: 'Amend a parcel that has no decision yet (role operator)',
          parameters: [idParam, itemIdParam],
          requestBody: { required: true, content: json('Parcel') },
          responses: {
            200: { description: 'Amended; screened again', content: json('AmendResponse') },
            404: error('Unknown'),
            409: error('Already decided'),
            422: error('Invalid parcel'),
          },
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
      '/v1/applications/{id}/decision': { post: { ...secured, summary: 'Accept or reject (customs, admin)', parameters: [idParam], requestBody: { required: true, content: json('ApplicationDecision') }, responses: { 200: { description: 'Decided; registryVersion and rescreened count' }, 409: error('Not submitted') } } },
      '/v1/applications/{id}/renewals': { post: { ...secured, summary: 'Renew by notification with evidence', parameters: [idParam], requestBody: { required: true, content: json('Renewal') }, responses: { 200: { description: 'Validity extended' }, 409: error('Not accepted') } } },
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
      '/v1/registry/import': { post: { ...secured, summary: 'Import a registry bundle (customs, admin)', requestBody: { required: true, content: json('RegistryBundle') }, responses: { 200: { description: 'Imported; new registry version' }, 400: error('Not JSON, too deep or too complex'), 413: error('Body over MAX_BODY_BYTES'), 422: error('Invalid bundle'), 429: error('Over the rate: retry after Retry-After seconds'), 503: error('Other bodies in flight fill the memory budget: retry after Retry-After seconds') } } },
      '/v1/registry/export': { get: { ...secured, summary: 'The current registry bundle (customs, admin)', responses: { 200: { description: 'Bundle', content: json('RegistryBundle') } } } },
      '/v1/registry/versions': { get: { ...secured, summary: 'Registry versions: who, when, what', responses: { 200: { description: 'Versions' } } } },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'Process is up' } } } },
      '/readyz': { get: { summary: 'Readiness: database reachable', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format' } } } },
    },
  };
}
