/**
 * Reads a request body as JSON or CSV into one plain value, with the whole-body errors
 * (415 content type, 400 unreadable) decided here so routes only see data.
 */
import type { Context } from 'hono';
import type { ManifestMediaType } from '../domain/read-manifest.ts';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../domain/storable-text.ts';

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 415; code: string; message: string };

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function readJson(c: Context): Promise<BodyResult> {
  const type = mediaType(c);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return { ok: false, status: 415, code: 'unsupported_media_type', message: 'send Content-Type: application/json' };
  }
  return parseJson(await c.req.text());
}

function parseJson(text: string): BodyResult {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    return { ok: false, status: 400, code: 'malformed_json', message: `body is not valid JSON: ${(err as Error).message}` };
  }
  // Whatever the route's schema, text no database can store never reaches one (see storable-text.ts).
  const unstorable = findUnstorableText(value);
  if (unstorable) return { ok: false, status: 400, code: 'invalid_text', message: `${unstorable} ${UNSTORABLE_TEXT_MESSAGE}` };
  return { ok: true, value };
}

/** Manifests come as JSON or as CSV (see `CSV_COLUMNS`); anything else is a 415. */
export function manifestMediaType(c: Context): ManifestMediaType | null {
  const type = mediaType(c);
  if (type === 'text/csv') return 'text/csv';
  if (type === 'application/json' || type.endsWith('+json')) return 'application/json';
  return null;
}
