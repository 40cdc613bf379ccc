/**
 * Splits a manifest body into the header, the parcels that pass validation and the ones that
 * do not, each with field-level reasons. Pure: no I/O, so HTTP and CSV share it.
 */
import {
  fieldErrors,
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
  errors: FieldError[];
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
export function validateManifest(body: unknown, maxParcels: number): ManifestValidation {
  const envelope = manifestEnvelopeSchema(maxParcels).safeParse(body);
  if (!envelope.success) {
    // Per-parcel problems are not envelope problems; only the envelope's own fields are reported.
    return { ok: false, errors: fieldErrors(envelope.error) };
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
        rejected.push({ index, itemId: rawItemId(raw), errors: fieldErrors(result.error, ['parcels', index]) });
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
