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
import { ExtraSchema, ExtraValueSchema, extraKeyProblem, mergeExtra, type Extra } from './extra.ts';
import {
  AWB_PATTERN,
  CATEGORIES,
  EmailSchema,
  EORI_PATTERN,
  HS_CODE_PATTERN,
  LIMITS,
  normaliseEori,
  normaliseTrackingNumber,
  PARTY_ID_PATTERN,
  PHONE_PATTERN,
  phoneDigitsFit,
  POSTCODE_PATTERN,
  UrlSchema,
  WAYBILL_PATTERN,
  type Item,
  type Mode,
  type Parcel,
} from './manifest.ts';
import { normaliseItemId, s10Problem } from './s10.ts';
import { isStorableText } from './storable-text.ts';

type Party = Parcel['sender'];
type Seller = Parcel['seller'];
type Fields = Record<string, unknown>;
type Out = Record<string, unknown>;

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

/** text(max) followed by .regex(pattern) */
function patterned(value: unknown, max: number, pattern: RegExp): string {
  const s = text(value, max);
  if (!pattern.test(s)) throw NOT_FAST;
  return s;
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

/** Formats whose syntax is zod's own (WHATWG URL parsing, its e-mail pattern): delegated, not re-implemented. */
function delegated(value: unknown, schema: typeof UrlSchema | typeof EmailSchema): string {
  const r = schema.safeParse(value);
  if (!r.success) throw NOT_FAST;
  return r.data;
}

function eori(value: unknown): string {
  if (typeof value !== 'string') throw NOT_FAST;
  const s = normaliseEori(value);
  if (!EORI_PATTERN.test(s)) throw NOT_FAST;
  return s;
}

function phone(value: unknown): string {
  const s = patterned(value, LIMITS.phone, PHONE_PATTERN);
  if (!phoneDigitsFit(s)) throw NOT_FAST;
  return s;
}

/** Field parsers, made once (not a closure per parcel). */
const street = (v: unknown) => text(v, LIMITS.street);
const houseNumber = (v: unknown) => text(v, LIMITS.houseNumber);
const postcode = (v: unknown) => patterned(v, LIMITS.postcode, POSTCODE_PATTERN);
const city = (v: unknown) => text(v, LIMITS.city);
const subdivision = (v: unknown) => text(v, LIMITS.subdivision);
const taxId = (v: unknown) => patterned(v, LIMITS.partyId, PARTY_ID_PATTERN);
const email = (v: unknown) => delegated(v, EmailSchema);
const address = (v: unknown) => text(v, LIMITS.address);
const url = (v: unknown) => delegated(v, UrlSchema);
const weight = (v: unknown) => number(v, LIMITS.weightKg, true);
const waybill = (v: unknown) => patterned(v, LIMITS.waybill, WAYBILL_PATTERN);

/**
 * Optional fields follow zod: a key that is present keeps its place in the output even when its
 * value is `undefined` (only CSV or in-process callers can send that; JSON cannot).
 */
function optional(f: Fields, out: Out, key: string, parse: (value: unknown) => unknown): number {
  if (!Object.hasOwn(f, key)) return 0;
  out[key] = f[key] === undefined ? undefined : parse(f[key]);
  return 1;
}

/**
 * Own keys of a parse object. Compared with the keys already read, it tells whether anything is
 * left (address parts, ids, kept fields) without looking each one up: most parties and item lines
 * carry only the common fields, and checking the rest one by one cost ~10 % of validation (measured).
 */
function keyCount(f: Fields): number {
  let n = 0;
  // Inherited enumerable keys (none in parsed JSON) would only over-count: keepExtra checks hasOwn.
  for (const _ in f) n++;
  return n;
}

/**
 * `extra` last, as `keeping()` in manifest.ts builds it: the explicit `extra` and then the keys
 * the object's schema does not know, in the order they came. Most parcels have neither; values
 * are checked by the same zod schemas (they are free JSON, rare on the hot path).
 */
function keepExtra(f: Fields, out: Out, known: ReadonlySet<string>): void {
  let unknown: [string, unknown][] | undefined;
  for (const key in f) {
    if (known.has(key) || !Object.hasOwn(f, key)) continue;
    // zod drops an own "__proto__" key: leave such objects to it.
    if (key === '__proto__' || extraKeyProblem(key) !== null) throw NOT_FAST;
    const value = ExtraValueSchema.safeParse(f[key]);
    if (!value.success) throw NOT_FAST;
    (unknown ??= []).push([key, value.data]);
  }
  let explicit: Extra | undefined;
  // A present-but-undefined `extra` is dropped, as keeping() drops it.
  if (Object.hasOwn(f, 'extra') && f.extra !== undefined) {
    const parsed = ExtraSchema.safeParse(f.extra);
    if (!parsed.success) throw NOT_FAST;
    explicit = parsed.data;
  }
  if (!unknown && explicit === undefined) return;
  const merged = mergeExtra(explicit, unknown ?? []);
  if (merged.problem) throw NOT_FAST;
  out.extra = merged.extra;
}

const knownKeys = (...keys: string[]): ReadonlySet<string> => new Set([...keys, 'extra']);

const DETAIL_KEYS = ['street', 'houseNumber', 'postcode', 'city', 'subdivision', 'eori', 'taxId', 'otherId', 'phone', 'email'] as const;
const PARTY_KEYS = knownKeys('name', 'address', 'country', ...DETAIL_KEYS);
const SELLER_KEYS = knownKeys('name', 'country', 'marketplace', 'url', 'address', ...DETAIL_KEYS);
const OTHER_ID_KEYS = knownKeys('type', 'value');
const DOCUMENT_KEYS = knownKeys('type', 'reference');
const ITEM_KEYS = knownKeys('description', 'hsCode', 'quantity', 'value', 'currency', 'originCountry', 'netWeightKg', 'grossWeightKg');
const PARCEL_KEYS = knownKeys(
  'itemId', 'category', 'seller', 'sender', 'consignee', 'items', 'grossWeightKg', 'houseWaybill', 'masterWaybill', 'transportDocument',
);

function otherId(value: unknown): Out {
  const f = fields(value);
  const out: Out = { type: text(f.type, LIMITS.idType), value: patterned(f.value, LIMITS.partyId, PARTY_ID_PATTERN) };
  keepExtra(f, out, OTHER_ID_KEYS);
  return out;
}

/** The keys of `partyDetails` in manifest.ts, in its order; then `extra`. */
function partyDetailsAndExtra(f: Fields, out: Out, read: number, known: ReadonlySet<string>): void {
  const keys = keyCount(f);
  if (keys === read) return;
  read += optional(f, out, 'street', street);
  read += optional(f, out, 'houseNumber', houseNumber);
  read += optional(f, out, 'postcode', postcode);
  read += optional(f, out, 'city', city);
  read += optional(f, out, 'subdivision', subdivision);
  read += optional(f, out, 'eori', eori);
  read += optional(f, out, 'taxId', taxId);
  read += optional(f, out, 'otherId', otherId);
  read += optional(f, out, 'phone', phone);
  read += optional(f, out, 'email', email);
  if (keys > read) keepExtra(f, out, known);
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
  const out: Out = { name: text(f.name, LIMITS.name) };
  let read = 2;
  // The common fields inline, as before the rarer ones existed: a call through optional() per
  // field cost ~0.1 µs per parcel (measured), most parcels carry these and nothing else.
  if (Object.hasOwn(f, 'address')) {
    out.address = f.address === undefined ? undefined : text(f.address, LIMITS.address);
    read++;
  }
  out.country = code(f.country, isCountryCode);
  partyDetailsAndExtra(f, out, read, PARTY_KEYS);
  return out as Party;
}

function seller(value: unknown): Seller {
  const f = fields(value);
  const out: Out = { name: text(f.name, LIMITS.name), country: code(f.country, isCountryCode) };
  let read = 2;
  if (Object.hasOwn(f, 'marketplace')) {
    out.marketplace = f.marketplace === undefined ? undefined : text(f.marketplace, LIMITS.marketplace);
    read++;
  }
  read += optional(f, out, 'url', url);
  read += optional(f, out, 'address', address);
  partyDetailsAndExtra(f, out, read, SELLER_KEYS);
  return out as Seller;
}

function item(value: unknown): Item {
  const f = fields(value);
  const out: Out = { description: text(f.description, LIMITS.description) };
  if (typeof f.hsCode !== 'string') throw NOT_FAST;
  const hs = normaliseHsCode(f.hsCode);
  if (!HS_CODE_PATTERN.test(hs)) throw NOT_FAST;
  out.hsCode = hs;
  out.quantity = number(f.quantity, LIMITS.quantity, true);
  out.value = number(f.value, LIMITS.value, false);
  out.currency = code(f.currency, isCurrencyCode);
  let read = 5;
  if (Object.hasOwn(f, 'originCountry')) {
    out.originCountry = f.originCountry === undefined ? undefined : code(f.originCountry, isCountryCode);
    read++;
  }
  if (Object.hasOwn(f, 'netWeightKg')) {
    out.netWeightKg = f.netWeightKg === undefined ? undefined : number(f.netWeightKg, LIMITS.weightKg, true);
    read++;
  }
  read += optional(f, out, 'grossWeightKg', weight);
  if (keyCount(f) > read) keepExtra(f, out, ITEM_KEYS);
  return out as Item;
}

function transportDocument(value: unknown): Out {
  const f = fields(value);
  const out: Out = { type: text(f.type, LIMITS.documentType), reference: text(f.reference, LIMITS.documentReference) };
  keepExtra(f, out, DOCUMENT_KEYS);
  return out;
}

/** The parcel as `parcelSchemaFor(mode)` would output it, or `undefined`: then ask zod. */
export function fastParseParcel(value: unknown, mode: Mode): Parcel | undefined {
  try {
    const f = fields(value);
    const out: Out = { itemId: itemId(f.itemId, mode) };
    if (!CATEGORY_SET.has(f.category)) throw NOT_FAST;
    out.category = f.category;
    out.seller = seller(f.seller);
    out.sender = party(f.sender);
    out.consignee = party(f.consignee);
    const lines = f.items;
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > LIMITS.itemLines) throw NOT_FAST;
    // An index loop, not map(): map skips the holes of a sparse array, zod reads them as undefined.
    const items: Item[] = new Array(lines.length);
    for (let i = 0; i < lines.length; i++) items[i] = item(lines[i]);
    out.items = items;
    let read = 6;
    if (Object.hasOwn(f, 'grossWeightKg')) {
      out.grossWeightKg = f.grossWeightKg === undefined ? undefined : number(f.grossWeightKg, LIMITS.weightKg, true);
      read++;
    }
    read += optional(f, out, 'houseWaybill', waybill);
    read += optional(f, out, 'masterWaybill', waybill);
    read += optional(f, out, 'transportDocument', transportDocument);
    if (keyCount(f) > read) keepExtra(f, out, PARCEL_KEYS);
    return out as Parcel;
  } catch (err) {
    if (err === NOT_FAST) return undefined;
    throw err;
  }
}
