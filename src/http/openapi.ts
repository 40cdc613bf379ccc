/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type
 * responses. OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod 4 emits natively.
 */
import { z } from 'zod';
import { ManifestSchema, PostalParcelSchema } from '../domain/manifest.ts';
import { CSV_COLUMNS } from '../domain/manifest-csv.ts';
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
            400: error('Not JSON/CSV, or the manifest header is not valid'),
            401: error('No or bad API key'),
            403: error('Not an operator key'),
            413: error('Body over the size limit'),
            415: error('Content type is not JSON or CSV'),
            422: { description: 'Every parcel is invalid', content: json('AllRejected') },
            503: error('Screening backlog full: retry after Retry-After seconds; nothing was stored'),
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
            { name: 'status', in: 'query', schema: { enum: ['pending', 'screening', 'screened'] } },
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
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'Process is up' } } } },
      '/readyz': { get: { summary: 'Readiness: database reachable', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format' } } } },
    },
  };
}
