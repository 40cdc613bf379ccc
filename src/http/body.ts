/**
 * Reads a request body as JSON or CSV into one plain value, with the whole-body errors
 * (415 content type, 400 unreadable, too deep or unstorable text) decided here so routes only see
 * data. Bodies above 16 KB are parsed and checked in an ingest worker (`reader.readJson`).
 */
import type { Context } from 'hono';
import type { ErrorCode } from './errors.ts';
import type { FieldError } from '../domain/manifest.ts';
import type { JsonSchemaName } from '../ingest/json-task.ts';
import type { ManifestReader } from '../ingest/manifest-reader.ts';
import { formatOfContentType, type ManifestFormat } from '../ingest/formats.ts';

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 415 | 422; code: ErrorCode; message: string; errors?: FieldError[] };

/** What `readJson` reads with: set on every request's context by the app. */
export interface JsonBodyReading {
  reader: Pick<ManifestReader, 'readJson'>;
  maxDepth: number;
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The JSON body, parsed and checked; with `validate`, also validated against that schema in the
 * worker (422 with field errors when it does not fit).
 */
export async function readJson(c: Context, validate?: JsonSchemaName): Promise<BodyResult> {
  const type = mediaType(c);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return { ok: false, status: 415, code: 'unsupported_media_type', message: 'send Content-Type: application/json' };
  }
  const { reader, maxDepth } = c.get('jsonBodies') as JsonBodyReading;
  const read = await reader.readJson({ body: new Uint8Array(await c.req.arrayBuffer()), maxDepth, validate });
  if (read.ok) return read;
  if (read.code === 'invalid_body') return { ok: false, status: 422, code: read.code, message: read.message, errors: read.errors };
  return { ok: false, status: 400, code: read.code, message: read.message };
}

/** Manifests come in the formats of src/ingest/formats.ts (JSON, CSV); anything else is a 415. */
export function manifestFormat(c: Context): ManifestFormat | null {
  return formatOfContentType(c.req.header('content-type'));
}
