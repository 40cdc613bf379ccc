/**
 * The manifest contract operators push: one envelope with parcels, each validated on its own so
 * that one bad parcel never blocks the rest of a manifest.
 */
import { z } from 'zod';
import { isCountryCode, isCurrencyCode, normaliseHsCode } from './codes.ts';
import { normaliseItemId, s10Problem, S10_MESSAGES } from './s10.ts';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text.ts';

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
  quantity: 1e9,
  value: 1e12,
  weightKg: 1e6,
  itemLines: 999,
} as const;
export const HS_CODE_PATTERN = /^\d{6,10}$/;
export const AWB_PATTERN = /^[A-Z0-9]{6,40}$/;

const text = (max: number) =>
  z
    .string(expected('must be a string'))
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

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

export const PartySchema = z.object(
  {
  name: text(LIMITS.name),
  address: text(LIMITS.address).optional(),
  country: CountrySchema,
  },
  expected('must be an object'),
);

export const SellerSchema = z.object(
  {
  name: text(LIMITS.name),
  country: CountrySchema,
  marketplace: text(LIMITS.marketplace).optional(),
  url: z.url({ message: 'must be a URL' }).max(LIMITS.url).optional(),
  },
  expected('must be an object'),
);

export const ItemSchema = z.object({
  description: text(LIMITS.description),
  hsCode: HsCodeSchema,
  quantity: z.number(expected('must be a number')).positive('must be positive').max(LIMITS.quantity),
  value: z.number(expected('must be a number')).nonnegative('must not be negative').max(LIMITS.value),
  currency: CurrencySchema,
  originCountry: CountrySchema.optional(),
  netWeightKg: z.number(expected('must be a number')).positive('must be positive').max(LIMITS.weightKg).optional(),
});

const parcelShape = {
  category: CategorySchema,
  seller: SellerSchema,
  sender: PartySchema,
  consignee: PartySchema,
  items: z.array(ItemSchema, expected('must be an array')).min(1, 'a parcel needs at least one item line').max(LIMITS.itemLines),
  grossWeightKg: z.number(expected('must be a number')).positive('must be positive').max(LIMITS.weightKg).optional(),
};

export const PostalParcelSchema = z.object({ itemId: S10ItemIdSchema, ...parcelShape });
export const ExpressParcelSchema = z.object({ itemId: AwbItemIdSchema, ...parcelShape });

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
