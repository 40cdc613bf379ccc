/**
 * The hot path of ingest: validates and normalises a parcel that is entirely valid, by hand,
 * about ten times faster than the zod schema (zod 4 runs a generic check pipeline per field;
 * at 50,000 parcels/s that pipeline was the largest cost of reading a manifest).
 *
 * The zod schemas in `manifest.ts` stay the contract: this function answers `undefined` at the
 * first thing it does not accept, and the caller then runs zod, which decides and explains.
 * When it does answer, the result is the value zod would produce for the same input, with the
 * same keys in the same order; `test/parcel-fast-path.test.ts` holds it to that on thousands of
 * mutated parcels.
 */
import { isCountryCode, isCurrencyCode, normaliseHsCode } from './codes.ts';
import { AWB_PATTERN, CATEGORIES, HS_CODE_PATTERN, LIMITS, normaliseTrackingNumber, SellerSchema, type Item, type Mode, type Parcel } from './manifest.ts';
import { normaliseItemId, s10Problem } from './s10.ts';
import { isStorableText } from './storable-text.ts';

type Party = Parcel['sender'];
type Seller = Parcel['seller'];
type Fields = Record<string, unknown>;

const CATEGORY_SET: ReadonlySet<unknown> = new Set(CATEGORIES);

/** Thrown (and caught below) at the first field the fast path does not accept. */
const NOT_FAST = Symbol('not fast');

function fields(value: unknown): Fields {
  // z.object accepts any non-array object.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw NOT_FAST;
  return value as Fields;
}

/** z.string().trim().min(1).max(max).refine(isStorableText) */
function text(value: unknown, max: number): string {
  if (typeof value !== 'string') throw NOT_FAST;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max || !isStorableText(trimmed)) throw NOT_FAST;
  return trimmed;
}

/** z.string().trim().toUpperCase() + an ISO code check */
function code(value: unknown, isValid: (code: string) => boolean): string {
  if (typeof value !== 'string') throw NOT_FAST;
  const normalised = value.trim().toUpperCase();
  if (!isValid(normalised)) throw NOT_FAST;
  return normalised;
}

/** z.number() with bounds: finite, then `min < value` (positive) or `min <= value` (non-negative), `value <= max`. */
function number(value: unknown, max: number, positive: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw NOT_FAST;
  if (positive ? !(value > 0) : !(value >= 0)) throw NOT_FAST;
  if (value > max) throw NOT_FAST;
  return value;
}

/**
 * Optional fields follow zod: a key that is present keeps its place in the output even when its
 * value is `undefined` (only CSV or in-process callers can send that; JSON cannot).
 */
function hasField(f: Fields, key: string): boolean {
  return Object.hasOwn(f, key);
}

function itemId(value: unknown, mode: Mode): string {
  if (typeof value !== 'string') throw NOT_FAST;
  if (mode === 'postal') {
    const id = normaliseItemId(value);
    if (s10Problem(id) !== null) throw NOT_FAST;
    return id;
  }
  const id = normaliseTrackingNumber(value);
  if (!AWB_PATTERN.test(id)) throw NOT_FAST;
  return id;
}

function party(value: unknown): Party {
  const f = fields(value);
  const out: Party = { name: text(f.name, LIMITS.name) } as Party;
  if (hasField(f, 'address')) out.address = f.address === undefined ? undefined : text(f.address, LIMITS.address);
  out.country = code(f.country, isCountryCode);
  return out;
}

const urlSchema = SellerSchema.shape.url;

function seller(value: unknown): Seller {
  const f = fields(value);
  const out = { name: text(f.name, LIMITS.name), country: code(f.country, isCountryCode) } as Seller;
  if (hasField(f, 'marketplace')) out.marketplace = f.marketplace === undefined ? undefined : text(f.marketplace, LIMITS.marketplace);
  if (hasField(f, 'url')) {
    // URL syntax is zod's own (WHATWG parsing plus its rules): delegate rather than re-implement.
    const url = urlSchema.safeParse(f.url);
    if (!url.success) throw NOT_FAST;
    out.url = url.data;
  }
  return out;
}

function item(value: unknown): Item {
  const f = fields(value);
  const out = { description: text(f.description, LIMITS.description) } as Item;
  if (typeof f.hsCode !== 'string') throw NOT_FAST;
  const hs = normaliseHsCode(f.hsCode);
  if (!HS_CODE_PATTERN.test(hs)) throw NOT_FAST;
  out.hsCode = hs;
  out.quantity = number(f.quantity, LIMITS.quantity, true);
  out.value = number(f.value, LIMITS.value, false);
  out.currency = code(f.currency, isCurrencyCode);
  if (hasField(f, 'originCountry')) out.originCountry = f.originCountry === undefined ? undefined : code(f.originCountry, isCountryCode);
  if (hasField(f, 'netWeightKg')) out.netWeightKg = f.netWeightKg === undefined ? undefined : number(f.netWeightKg, LIMITS.weightKg, true);
  return out;
}

/** The parcel as `parcelSchemaFor(mode)` would output it, or `undefined`: then ask zod. */
export function fastParseParcel(value: unknown, mode: Mode): Parcel | undefined {
  try {
    const f = fields(value);
    const out = { itemId: itemId(f.itemId, mode) } as Parcel;
    if (!CATEGORY_SET.has(f.category)) throw NOT_FAST;
    out.category = f.category as Parcel['category'];
    out.seller = seller(f.seller);
    out.sender = party(f.sender);
    out.consignee = party(f.consignee);
    const lines = f.items;
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > LIMITS.itemLines) throw NOT_FAST;
    // An index loop, not map(): map skips the holes of a sparse array, zod reads them as undefined.
    const items: Item[] = new Array(lines.length);
    for (let i = 0; i < lines.length; i++) items[i] = item(lines[i]);
    out.items = items;
    if (hasField(f, 'grossWeightKg')) out.grossWeightKg = f.grossWeightKg === undefined ? undefined : number(f.grossWeightKg, LIMITS.weightKg, true);
    return out;
  } catch (err) {
    if (err === NOT_FAST) return undefined;
    throw err;
  }
}
