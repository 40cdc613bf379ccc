/**
 * The manifest formats the service reads, in one table: the media type a filing is sent with, the
 * file extensions the CLI recognises, whether the format takes query parameters (a CSV file has
 * no envelope, so its envelope fields come in the query), and the reader that decodes it (the
 * ingest worker's readManifest dispatches on `mediaType`). The manifests route, the CLI and the
 * OpenAPI document read this table: a new format is one row here and its reader.
 */
import type { ManifestMediaType } from '../domain/read-manifest.ts';

export interface ManifestFormat {
  /** The media type the reader is chosen by. */
  mediaType: ManifestMediaType;
  /** Whether a request's Content-Type (lower case, without parameters) is this format. */
  accepts: (contentType: string) => boolean;
  /** File name endings the CLI reads as this format. */
  extensions: readonly string[];
  /** The envelope's fields come as query parameters (CSV); otherwise a query parameter is refused. */
  takesQuery: boolean;
  /** For the API's documentation. */
  description: string;
}

export const MANIFEST_FORMATS: readonly ManifestFormat[] = [
  {
    mediaType: 'application/json',
    accepts: (t) => t === 'application/json' || t.endsWith('+json'),
    extensions: ['.json'],
    takesQuery: false,
    description: 'the manifest as one JSON document: envelope and parcels',
  },
  {
    mediaType: 'text/csv',
    accepts: (t) => t === 'text/csv',
    extensions: ['.csv'],
    takesQuery: true,
    description: 'one row per item (see CSV_COLUMNS), the envelope in the query parameters',
  },
];

/** The format of a request's Content-Type header value, or null (a 415). */
export function formatOfContentType(header: string | undefined): ManifestFormat | null {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return MANIFEST_FORMATS.find((f) => f.accepts(type)) ?? null;
}

/** The format of a file by its name; JSON when the ending is none of the table's. */
export function formatOfFile(path: string): ManifestFormat {
  return MANIFEST_FORMATS.find((f) => f.extensions.some((e) => path.endsWith(e))) ?? MANIFEST_FORMATS[0]!;
}

/** What the 415 answer names: every media type the table reads. */
export const ACCEPTED_MEDIA_TYPES = MANIFEST_FORMATS.map((f) => f.mediaType).join(' or ');
