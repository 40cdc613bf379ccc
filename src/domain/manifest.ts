// src/domain/: the shared language (manifest, registry bundle, decisions, outcomes, events), pure; imports nothing else of src/.
/**
 * The manifest contract operators push: one envelope with parcels, each validated on its own so
 * that one bad parcel never blocks the rest of a manifest.
 */
import { z } from 'zod';
import { isCountryCode, isCurrencyCode, normaliseHsCode } from './codes.ts';
import { normaliseItemId, s10Problem, S10_MESSAGES } from './s10.ts';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text.ts';
import { ExtraSchema, ExtraValueSchema, extraKeyProblem, mergeExtra, type Extra } from './extra.ts';

/**
 * A missing field reads "is required"; any other type mismatch keeps the given message (or zod's).
 * zod 4 hands the error function the offending input, so the two cases can be told apart.
 */
const expected = (message?: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message),
});

export const MODES = ['postal', 'express'] as const;
export const REGIMES = ['import', 'export', 'transit', 'transshipment', 'warehouse', 'free_zone', 'duty_free'] as const;
export const CATEGORIES = ['sale_of_goods', 'gift', 'sample', 'documents', 'returned_goods', 'other'] as const;

export const ModeSchema = z.enum(MODES, expected());
export const RegimeSchema = z.enum(REGIMES, expected());
export const CategorySchema = z.enum(CATEGORIES, expected());

/** Field limits and patterns, shared with the hand-written fast path (`parcel-fast-path.ts`). */
export const LIMITS = {
  name: 300,
  address: 500,
  marketplace: 200,
  url: 2000,
  description: 1000,
  street: 200,
  houseNumber: 35,
  postcode: 17,
  city: 100,
  subdivision: 100,
  /** Tax or VAT numbers and other party ids; EORI numbers are at most 17 by their pattern. */
  partyId: 50,
  idType: 50,
  phone: 30,
  email: 254,
  waybill: 35,
  documentType: 50,
  documentReference: 70,
  quantity: 1e9,
  value: 1e12,
  weightKg: 1e6,
  itemLines: 999,
} as const;
export const HS_CODE_PATTERN = /^\d{6,10}$/;
export const AWB_PATTERN = /^[A-Z0-9]{6,40}$/;
/** EU EORI: the issuing country's two letters (XI for Northern Ireland) and up to 15 letters or digits. */
export const EORI_PATTERN = /^[A-Z]{2}[A-Z0-9]{1,15}$/;
/** Tax and VAT numbers, and other ids, as registries print them: letters, digits and . / - and spaces. */
export const PARTY_ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ./-]*$/u;
export const POSTCODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} -]*$/u;
/** Waybill numbers: letters and digits with the separators labels print (`157-12345675`). */
export const WAYBILL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;
/** Phone numbers, leniently E.164: an optional +, digits and the usual separators, 5 to 15 digits. */
export const PHONE_PATTERN = /^\+?[0-9 ().\/-]+$/;
export const PHONE_DIGITS = { min: 5, max: 15 } as const;

const text = (max: number) =>
  z
    .string(expected('must be a string'))
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

const patterned = (max: number, pattern: RegExp, message: string) => text(max).regex(pattern, message);

export const CountrySchema = z
  .string(expected('must be a string'))
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code');

export const CurrencySchema = z
  .string(expected('must be a string'))
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'must be an ISO 4217 currency code');

/** An HS code of 6 to 10 digits once its dots and spaces are stripped (`normaliseHsCode`). */
export const HsCodeSchema = z
  .string(expected('must be a string'))
  .transform(normaliseHsCode)
  .refine((s) => HS_CODE_PATTERN.test(s), 'must be an HS code of 6 to 10 digits');

const S10ItemIdSchema = z
  .string(expected('must be a string'))
  .transform(normaliseItemId)
  .superRefine((id, ctx) => {
    const problem = s10Problem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: S10_MESSAGES[problem] });
  });

/** Courier air waybill / tracking numbers: letters and digits; spaces and dashes from labels are dropped. */
const AwbItemIdSchema = z
  .string(expected('must be a string'))
  .transform(normaliseTrackingNumber)
  .refine((s) => AWB_PATTERN.test(s), 'must be a courier tracking number of 6 to 40 letters and digits');

/** EORI numbers are written without spaces, in capitals: `de 1234 5678` is `DE12345678`. */
export function normaliseEori(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function phoneDigitsFit(phone: string): boolean {
  let digits = 0;
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
  }
  return digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max;
}

export const EoriSchema = z
  .string(expected('must be a string'))
  .transform(normaliseEori)
  .refine((s) => EORI_PATTERN.test(s), 'must be an EORI number: a 2-letter country code and up to 15 letters or digits');

export const PhoneSchema = text(LIMITS.phone)
  .regex(PHONE_PATTERN, 'must be a phone number: digits, an optional leading + and spaces ( ) . / -')
  .refine(phoneDigitsFit, `must hold ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits`);

export const EmailSchema = text(LIMITS.email).pipe(z.email({ message: 'must be an e-mail address' }));

export const UrlSchema = z.url({ message: 'must be a URL' }).max(LIMITS.url);

/**
 * A z.object whose unknown keys are kept under `extra` (see `extra.ts`): known keys first, in the
 * order of `shape`, then `extra`. The fast path builds the same object in the same order.
 */
function keeping<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape);
  const known = new Set([...keys, 'extra']);
  return z
    .object({ ...shape, extra: ExtraSchema.optional() }, expected('must be an object'))
    .catchall(ExtraValueSchema)
    .transform((value, ctx) => {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of keys) if (Object.hasOwn(source, key)) out[key] = source[key];
      const unknown: [string, unknown][] = [];
      for (const key of Object.keys(source)) {
        if (known.has(key)) continue;
        const problem = extraKeyProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
        unknown.push([key, source[key]]);
      }
      const merged = mergeExtra(source.extra as Extra | undefined, unknown);
      if (merged.problem) ctx.addIssue({ code: 'custom', path: [merged.problem.key], message: merged.problem.message });
      if (merged.extra !== undefined) out.extra = merged.extra;
      return out as z.output<z.ZodObject<S & { extra: z.ZodOptional<typeof ExtraSchema> }>>;
    });
}

/** A party's identifiers: the EU EORI, a tax or VAT number, any other id with its type. */
export const OtherIdSchema = keeping({
  type: text(LIMITS.idType),
  value: patterned(LIMITS.partyId, PARTY_ID_PATTERN, 'may only hold letters, digits, spaces and . / -'),
});

/** Identifiers, contact and structured address: what ICS2 and CN23 filings carry for a party. */
const partyDetails = {
  street: text(LIMITS.street).optional(),
  houseNumber: text(LIMITS.houseNumber).optional(),
  postcode: patterned(LIMITS.postcode, POSTCODE_PATTERN, 'may only hold letters, digits, spaces and -').optional(),
  city: text(LIMITS.city).optional(),
  subdivision: text(LIMITS.subdivision).optional(),
  eori: EoriSchema.optional(),
  taxId: patterned(LIMITS.partyId, PARTY_ID_PATTERN, 'may only hold letters, digits, spaces and . / -').optional(),
  otherId: OtherIdSchema.optional(),
  phone: PhoneSchema.optional(),
  email: EmailSchema.optional(),
};

/** Sender (consignor) and consignee. `address` is the free-text address; the parts may come beside it. */
export const PartySchema = keeping({
  name: text(LIMITS.name),
  address: text(LIMITS.address).optional(),
  country: CountrySchema,
  ...partyDetails,
});

export const SellerSchema = keeping({
  name: text(LIMITS.name),
  country: CountrySchema,
  marketplace: text(LIMITS.marketplace).optional(),
  url: UrlSchema.optional(),
  address: text(LIMITS.address).optional(),
  ...partyDetails,
});

const weight = () => z.number(expected('must be a number')).positive('must be positive').max(LIMITS.weightKg);

export const ItemSchema = keeping({
  description: text(LIMITS.description),
  hsCode: HsCodeSchema,
  quantity: z.number(expected('must be a number')).positive('must be positive').max(LIMITS.quantity),
  value: z.number(expected('must be a number')).nonnegative('must not be negative').max(LIMITS.value),
  currency: CurrencySchema,
  originCountry: CountrySchema.optional(),
  netWeightKg: weight().optional(),
  grossWeightKg: weight().optional(),
});

/** The transport document the parcel travels under (air waybill, CMR, CN 37/38 bill, …). */
export const TransportDocumentSchema = keeping({
  type: text(LIMITS.documentType),
  reference: text(LIMITS.documentReference),
});

const waybill = () => patterned(LIMITS.waybill, WAYBILL_PATTERN, 'may only hold letters, digits, spaces and . / -');

const parcelShape = {
  category: CategorySchema,
  seller: SellerSchema,
  sender: PartySchema,
  consignee: PartySchema,
  items: z.array(ItemSchema, expected('must be an array')).min(1, 'a parcel needs at least one item line').max(LIMITS.itemLines),
  grossWeightKg: weight().optional(),
  houseWaybill: waybill().optional(),
  masterWaybill: waybill().optional(),
  transportDocument: TransportDocumentSchema.optional(),
};

export const PostalParcelSchema = keeping({ itemId: S10ItemIdSchema, ...parcelShape });
export const ExpressParcelSchema = keeping({ itemId: AwbItemIdSchema, ...parcelShape });

/** A parcel as stored and screened: ids, codes and countries normalised. */
export type Parcel = z.infer<typeof PostalParcelSchema>;
export type ParcelInput = z.input<typeof PostalParcelSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type Mode = z.infer<typeof ModeSchema>;
export type Regime = z.infer<typeof RegimeSchema>;
export type Category = z.infer<typeof CategorySchema>;

export function parcelSchemaFor(mode: Mode) {
  return mode === 'postal' ? PostalParcelSchema : ExpressParcelSchema;
}

export const MANIFEST_REF_PATTERN = /^[\w./:#-]*$/;

/** The manifest without its parcels: checked first, as a whole. */
export const ManifestHeaderSchema = z.object({
  manifestRef: text(100).regex(MANIFEST_REF_PATTERN, 'may only hold letters, digits and . / : # - _'),
  mode: ModeSchema,
  regime: RegimeSchema,
  destinationCountry: CountrySchema,
});
export type ManifestHeader = z.infer<typeof ManifestHeaderSchema>;

/** Parcels stay `unknown` here: each is validated on its own by `parcelSchemaFor(mode)`. */
export function manifestEnvelopeSchema(maxParcels: number) {
  return ManifestHeaderSchema.extend({
    parcels: z
      .array(z.unknown(), expected('must be an array'))
      .min(1, 'a manifest needs at least one parcel')
      .max(maxParcels, `a manifest may hold at most ${maxParcels} parcels`),
  });
}

/** The full contract, for documentation (OpenAPI) and for clients that validate before sending. */
export const ManifestSchema = ManifestHeaderSchema.extend({
  parcels: z.array(z.union([PostalParcelSchema, ExpressParcelSchema])).min(1),
});
export type ManifestInput = z.input<typeof ManifestSchema>;

export interface FieldError {
  path: string;
  message: string;
  /** CSV bodies: where in the file (`manifest-csv.ts`). */
  line?: number;
  column?: string;
  value?: string;
}

/** `['parcels', 3, 'items', 0, 'hsCode']` -> `parcels[3].items[0].hsCode`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(body)';
}

export function fieldErrors(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/** Courier tracking numbers as stored: upper case, without the spaces and dashes of labels. */
export function normaliseTrackingNumber(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** Item ids in URLs are matched the way they were stored: upper case, no spaces. */
export function normaliseItemIdParam(raw: string): string {
  return normaliseTrackingNumber(raw);
}
