/**
 * Splits a manifest body into the header, the parcels that pass validation and the ones that
 * do not, each with field-level reasons. Pure: no I/O, so HTTP and CSV share it.
 */
import type { z } from 'zod';
import {
  formatPath,
  manifestEnvelopeSchema,
  parcelSchemaFor,
  type FieldError,
  type ManifestHeader,
  type Parcel,
} from './manifest.ts';
import { fastParseParcel } from './parcel-fast-path.ts';

export interface RejectedParcel {
  index: number;
  itemId: string | null;
  /** CSV: the parcel's first line in the file. */
  line?: number;
  errors: FieldError[];
}

/**
 * Turns a problem into the place the operator wrote it. JSON bodies name JSON paths
 * (`parcels[3].items[0].value`); CSV bodies name a line and a column (`manifest-csv.ts`).
 * `index` is the parcel's, or null for the manifest's own fields.
 */
export type Locate = (index: number | null, path: ReadonlyArray<PropertyKey>, message: string) => FieldError;

const jsonPaths: Locate = (index, path, message) => ({
  path: formatPath(index === null ? path : ['parcels', index, ...path]),
  message,
});

function located(error: z.ZodError, index: number | null, locate: Locate): FieldError[] {
  return error.issues.map((issue) => locate(index, issue.path, issue.message));
}

export interface ValidParcel {
  index: number;
  parcel: Parcel;
}

export type ManifestValidation =
  | { ok: false; errors: FieldError[] }
  | { ok: true; header: ManifestHeader; valid: ValidParcel[]; rejected: RejectedParcel[]; repeated: ValidParcel[] };

function rawItemId(parcel: unknown): string | null {
  if (parcel && typeof parcel === 'object' && 'itemId' in parcel) {
    const id = (parcel as { itemId: unknown }).itemId;
    if (typeof id === 'string') return id;
  }
  return null;
}

/**
 * `repeated` holds valid parcels whose item id already appeared earlier in the same manifest:
 * they are reported as duplicates, never stored twice.
 */
export function validateManifest(body: unknown, maxParcels: number, locate: Locate = jsonPaths): ManifestValidation {
  const envelope = manifestEnvelopeSchema(maxParcels).safeParse(body);
  if (!envelope.success) {
    // Per-parcel problems are not envelope problems; only the envelope's own fields are reported.
    return { ok: false, errors: located(envelope.error, null, locate) };
  }
  const { parcels, ...header } = envelope.data;
  const schema = parcelSchemaFor(header.mode);
  const valid: ValidParcel[] = [];
  const rejected: RejectedParcel[] = [];
  const repeated: ValidParcel[] = [];
  const seen = new Set<string>();
  parcels.forEach((raw, index) => {
    // zod decides and explains whatever the fast path does not accept outright.
    let parcel = fastParseParcel(raw, header.mode);
    if (!parcel) {
      const result = schema.safeParse(raw);
      if (!result.success) {
        rejected.push({ index, itemId: rawItemId(raw), errors: located(result.error, index, locate) });
        return;
      }
      parcel = result.data;
    }
    const entry = { index, parcel };
    if (seen.has(parcel.itemId)) repeated.push(entry);
    else {
      seen.add(parcel.itemId);
      valid.push(entry);
    }
  });
  return { ok: true, header, valid, rejected, repeated };
}
