/**
 * From the bytes of a request to rows ready to store: decode, parse (JSON or CSV), validate each
 * parcel and serialise the valid ones. Pure and self-contained, so it runs the same on the HTTP
 * thread or in an ingest worker (where it keeps parsing off the event loop).
 */
import { csvToManifestBody } from './manifest-csv.ts';
import { parseJsonBytes } from './json-bytes.ts';
import type { FieldError, ManifestHeader } from './manifest.ts';
import { validateManifest, type RejectedParcel } from './validate-manifest.ts';

export type ManifestMediaType = 'application/json' | 'text/csv';

export interface ManifestReadInput {
  body: Uint8Array | string;
  mediaType: ManifestMediaType;
  /** Query parameters: manifest fields for CSV bodies. */
  query: Record<string, string | undefined>;
  maxParcels: number;
}

/** A valid parcel, serialised for storage: what the database and the screening workers read. */
export interface PreparedParcel {
  index: number;
  itemId: string;
  category: string;
  sellerName: string;
  /** Where the goods come from: the first item line's origin, else the seller's country. */
  originCountry: string;
  data: string;
}

export type ManifestRead =
  | { ok: false; code: 'malformed_json' | 'malformed_csv' | 'invalid_manifest'; message: string; errors?: FieldError[] }
  | {
      ok: true;
      header: ManifestHeader;
      parcels: PreparedParcel[];
      rejected: RejectedParcel[];
      /** Valid parcels whose item id came earlier in the same manifest. */
      repeated: { index: number; itemId: string }[];
    };

const decoder = new TextDecoder('utf-8');

export function readManifest(input: ManifestReadInput): ManifestRead {
  let body: unknown;
  if (input.mediaType === 'text/csv') {
    const text = typeof input.body === 'string' ? input.body : decoder.decode(input.body);
    const csv = csvToManifestBody(text, input.query);
    if (!csv.ok) return { ok: false, code: 'malformed_csv', message: csv.message };
    body = csv.body;
  } else {
    try {
      body = typeof input.body === 'string' ? JSON.parse(input.body) : parseJsonBytes(input.body);
    } catch (err) {
      return { ok: false, code: 'malformed_json', message: `body is not valid JSON: ${(err as Error).message}` };
    }
  }
  const validation = validateManifest(body, input.maxParcels);
  if (!validation.ok) {
    return { ok: false, code: 'invalid_manifest', message: 'the manifest is not valid', errors: validation.errors };
  }
  return {
    ok: true,
    header: validation.header,
    parcels: validation.valid.map(({ index, parcel }) => ({
      index,
      itemId: parcel.itemId,
      category: parcel.category,
      sellerName: parcel.seller.name,
      originCountry: parcel.items[0]?.originCountry ?? parcel.seller.country,
      data: JSON.stringify(parcel),
    })),
    rejected: validation.rejected,
    repeated: validation.repeated.map(({ index, parcel }) => ({ index, itemId: parcel.itemId })),
  };
}
