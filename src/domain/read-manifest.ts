/**
 * From the bytes of a request to rows ready to store: decode, parse (JSON or CSV), validate each
 * parcel and serialise the valid ones. Pure and self-contained, so it runs the same on the HTTP
 * thread or in an ingest worker (where it keeps parsing off the event loop).
 */
import { csvToManifestBody, decodeCsv, type CsvSource } from './manifest-csv.ts';
import { decodeLatin1Slice, readJsonBytes } from './json-bytes.ts';
import { findParcelSpans, type ElementSpan } from './json-elements.ts';
import { sameJsonValue } from './json-equal.ts';
import type { FieldError, ManifestHeader } from './manifest.ts';
import { validateManifest, type ManifestValidation, type RejectedParcel } from './validate-manifest.ts';

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
  | { ok: false; code: 'malformed_json' | 'malformed_csv' | 'invalid_csv_header' | 'invalid_manifest'; message: string; errors?: FieldError[] }
  | {
      ok: true;
      header: ManifestHeader;
      parcels: PreparedParcel[];
      rejected: RejectedParcel[];
      /** Valid parcels whose item id came earlier in the same manifest. */
      repeated: { index: number; itemId: string }[];
      /** CSV: the first line of each parcel in the file, by index. */
      lines?: number[];
    };

export function readManifest(input: ManifestReadInput): ManifestRead {
  let body: unknown;
  // The Latin-1 text of a JSON body read from bytes: its parcels may be stored as written.
  let latin1: string | null = null;
  let csv: CsvSource | null = null;
  if (input.mediaType === 'text/csv') {
    const text = typeof input.body === 'string' ? input.body : decodeCsv(input.body);
    const read = csvToManifestBody(text, input.query);
    if (!read.ok) return { ok: false, code: read.code, message: read.message, ...(read.errors ? { errors: read.errors } : {}) };
    body = read.body;
    csv = read.source;
  } else {
    try {
      if (typeof input.body === 'string') body = JSON.parse(input.body);
      else ({ value: body, latin1 } = readJsonBytes(input.body));
    } catch (err) {
      return { ok: false, code: 'malformed_json', message: `body is not valid JSON: ${(err as Error).message}` };
    }
  }
  const validation = validateManifest(body, input.maxParcels, csv?.locate);
  if (!validation.ok) {
    return { ok: false, code: 'invalid_manifest', message: 'the manifest is not valid', errors: validation.errors };
  }
  if (csv) withCsvRows(validation, csv);
  const asWritten = latin1 !== null && validation.valid.length > 0 ? writtenParcels(latin1, body) : null;
  return {
    ok: true,
    header: validation.header,
    parcels: validation.valid.map(({ index, parcel }) => ({
      index,
      itemId: parcel.itemId,
      category: parcel.category,
      sellerName: parcel.seller.name,
      originCountry: parcel.items[0]?.originCountry ?? parcel.seller.country,
      data: asWritten?.(index, parcel) ?? JSON.stringify(parcel),
    })),
    rejected: validation.rejected,
    repeated: validation.repeated.map(({ index, parcel }) => ({ index, itemId: parcel.itemId })),
    ...(csv ? { lines: csv.lines } : {}),
  };
}

/**
 * CSV: each rejected parcel names its first line, and a parcel whose rows disagree on a parcel
 * column is rejected with the rows that disagree, even when its first row alone would pass.
 */
function withCsvRows(validation: Extract<ManifestValidation, { ok: true }>, csv: CsvSource): void {
  const { rejected } = validation;
  if (csv.conflicts.size > 0) {
    const byIndex = new Map(rejected.map((r) => [r.index, r]));
    validation.valid = validation.valid.filter(({ index, parcel }) => {
      const conflicts = csv.conflicts.get(index);
      if (!conflicts) return true;
      rejected.push({ index, itemId: parcel.itemId, errors: conflicts });
      return false;
    });
    for (const [index, conflicts] of csv.conflicts) byIndex.get(index)?.errors.push(...conflicts);
    rejected.sort((a, b) => a.index - b.index);
  }
  for (const r of rejected) r.line = csv.lines[r.index];
}

/**
 * The stored text of a valid parcel, taken from the request bytes instead of `JSON.stringify`
 * (the largest cost of reading a manifest, measured) when that is exact: the parcel was written
 * compactly and validation left it as it was, with no key added, dropped or normalised. Its text
 * then parses to the very value that was validated; key order and escapes are the operator's.
 * `null` when the body's parcels cannot be located with certainty: every parcel is serialised.
 */
function writtenParcels(latin1: string, body: unknown): ((index: number, parcel: unknown) => string | undefined) | null {
  const spans = findParcelSpans(latin1);
  const raw = (body as { parcels: unknown[] }).parcels;
  if (spans === null || spans.length !== raw.length) return null;
  return (index, parcel) => {
    const span: ElementSpan | undefined = spans[index];
    if (!span?.compact || !sameJsonValue(raw[index], parcel)) return undefined;
    return decodeLatin1Slice(latin1, span.start, span.end);
  };
}
