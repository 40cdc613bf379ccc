/**
 * The registry bundle: rights holders' applications for customs action and the risk indicators
 * customs maintains. The same JSON moves between the database, the CLI and instances, and is
 * what each screening worker compiles.
 */
import { z } from 'zod';
import { CountrySchema, CurrencySchema } from './manifest.ts';
import { normaliseHsCode } from './codes.ts';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** What a trademark, a price floor or a hazardous entry applies to: an HS chapter, heading or code. */
export const hsPrefix = z
  .string()
  .transform(normaliseHsCode)
  .refine((s) => /^\d{2}(\d{2}){0,4}$/.test(s), 'must be an HS prefix of 2, 4, 6, 8 or 10 digits');
export const RiskLevelSchema = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

export const MoneySchema = z.object({ value: z.number().nonnegative(), currency: CurrencySchema });

export const TrademarkSchema = z.object({
  mark: z.string().trim().min(1).max(100),
  /** Product lines and other names the holder's goods go by (`Air Jordan`, `Speedmaster`). */
  aliases: z.array(z.string().trim().min(1).max(100)).default([]),
  /** Prefixes of the HS codes of the goods the mark protects. */
  hsCodes: z.array(hsPrefix).min(1, 'a trademark protects at least one kind of goods'),
  registration: z.string().trim().max(100).optional(),
  jurisdiction: z.string().trim().max(50).optional(),
  /**
   * Phrases in which the mark's words mean something else ("off white" the colour for Off-White,
   * "pandora box" for Pandora): a mention inside one of them is not the mark. Kept by the holder
   * in its application and by customs.
   */
  notThisMark: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
});

/**
 * A spelling customs confirmed as a disguise of a mark by detaining or seizing a parcel that
 * carried it: screened as a known knock-off spelling of the mark from the next registry version.
 */
export const LearntAliasSchema = z.object({
  mark: z.string().trim().min(1).max(100),
  alias: z.string().trim().min(1).max(100),
  parcelId: z.number().int().optional(),
  itemId: z.string().max(64).optional(),
  officer: z.string().max(200),
  learntAt: z.string().max(40),
});
export type LearntAlias = z.infer<typeof LearntAliasSchema>;

export const ApplicationSchema = z.object({
  id: z.string().trim().min(1).max(64),
  /** The rights holder's reference (its API keys' holder); derived from the holder's name when absent. */
  holderRef: z.string().trim().min(1).max(100).optional(),
  holder: z.object({ name: z.string().trim().min(1).max(200), contact: z.string().trim().max(300).optional() }),
  trademarks: z.array(TrademarkSchema).min(1),
  authorizedSellers: z.array(z.string().trim().min(1).max(300)).default([]),
  priceFloors: z.array(MoneySchema.extend({ hsCode: hsPrefix })).default([]),
  /** Spellings learnt from customs outcomes (see LearntAliasSchema); customs lists and removes them. */
  learntAliases: z.array(LearntAliasSchema).default([]),
  validFrom: isoDate,
  validUntil: isoDate,
});

export const ScoringSchema = z.object({
  /** Risk score (0-100) from which a parcel is held, or sent to review. */
  holdAt: z.number().min(0).max(100).default(70),
  reviewAt: z.number().min(0).max(100).default(35),
  /** A declared unit value below this share of the mark's price floor is suspicious. */
  priceFloorRatio: z.number().min(0).max(1).default(0.5),
  weights: z
    .object({
      trademark: z.number().min(0).max(100).default(45),
      disguisedTrademark: z.number().min(0).max(100).default(72),
      keywordHigh: z.number().min(0).max(100).default(60),
      keywordMedium: z.number().min(0).max(100).default(35),
      keywordLow: z.number().min(0).max(100).default(15),
      sellerHigh: z.number().min(0).max(100).default(60),
      sellerMedium: z.number().min(0).max(100).default(35),
      sellerLow: z.number().min(0).max(100).default(15),
      price: z.number().min(0).max(100).default(35),
      authorization: z.number().min(0).max(100).default(15),
      hazard: z.number().min(0).max(100).default(20),
      misdeclaration: z.number().min(0).max(100).default(30),
      vagueDescription: z.number().min(0).max(100).default(15),
      category: z.number().min(0).max(100).default(15),
      originHigh: z.number().min(0).max(100).default(15),
      originMedium: z.number().min(0).max(100).default(8),
      originLow: z.number().min(0).max(100).default(3),
    })
    .prefault({}),
});
export type Scoring = z.infer<typeof ScoringSchema>;

/**
 * The entries of each indicator list, as customs sends them (`PUT /v1/indicators/<kind>/<id>`) and
 * as the bundle carries them. One schema per kind for both, so an entry accepted by the API always
 * reads in a bundle and the other way round.
 */
export const WatchedSellerSchema = z.object({
  name: z.string().trim().min(1).max(300),
  country: CountrySchema.optional(),
  risk: RiskLevelSchema,
  reason: z.string().trim().max(500).optional(),
  source: z.string().trim().max(300).optional(),
});
/** `weight` overrides the weight of the keyword's risk level. */
export const KeywordSchema = z.object({ term: z.string().trim().min(1).max(100), risk: RiskLevelSchema, weight: z.number().min(0).max(100).optional() });
/** Customs' entry keeps a note; the bundle carries the HS prefix alone. */
export const HazardousHsSchema = z.object({ hsCode: hsPrefix, note: z.string().max(300).optional() });
export const OriginRiskSchema = z.object({ country: CountrySchema, risk: RiskLevelSchema });
/** De minimis values of particular destination countries, where they differ from `deMinimis`. */
export const DeMinimisSchema = MoneySchema.extend({ country: CountrySchema });

/** One indicator list: the bundle field it fills, the entry's schema and the bundle item's, and the way between them. */
export interface IndicatorList<F extends string, E extends z.ZodType, I extends z.ZodType> {
  field: F;
  entry: E;
  item: I;
  toItem: (entry: z.output<E>) => z.input<I>;
  fromItem: (item: z.output<I>) => z.input<E>;
}

/** A list whose bundle items are its entries as they are. */
function sameInBundle<F extends string, E extends z.ZodType>(field: F, entry: E): IndicatorList<F, E, E> {
  return { field, entry, item: entry, toItem: (e) => e as z.input<E>, fromItem: (i) => i as z.input<E> };
}

/**
 * Every indicator list, declared once: the key is its kind (the API path segment and the
 * `indicators.kind` column), the value its bundle field and schemas. Adding a kind is one line
 * here and its check in screening; the API, the bundle and its import follow from this table.
 */
export const INDICATOR_LISTS = {
  'watched-sellers': sameInBundle('watchedSellers', WatchedSellerSchema),
  keywords: sameInBundle('keywords', KeywordSchema),
  'hazardous-hs-codes': {
    field: 'hazardousHsCodes',
    entry: HazardousHsSchema,
    item: hsPrefix,
    toItem: (e: z.output<typeof HazardousHsSchema>) => e.hsCode,
    fromItem: (hsCode: string) => ({ hsCode }),
  } satisfies IndicatorList<'hazardousHsCodes', typeof HazardousHsSchema, typeof hsPrefix>,
  'origin-risk': sameInBundle('originRisk', OriginRiskSchema),
  'de-minimis': sameInBundle('deMinimisByCountry', DeMinimisSchema),
} as const;
export type IndicatorKind = keyof typeof INDICATOR_LISTS;
export const INDICATOR_KIND_NAMES = Object.keys(INDICATOR_LISTS) as IndicatorKind[];
/** The entry schema of each kind (what `PUT /v1/indicators/<kind>/<id>` accepts). */
export const INDICATOR_KINDS = Object.fromEntries(INDICATOR_KIND_NAMES.map((k) => [k, INDICATOR_LISTS[k].entry])) as { [K in IndicatorKind]: (typeof INDICATOR_LISTS)[K]['entry'] };

type ListFields = { [K in IndicatorKind as (typeof INDICATOR_LISTS)[K]['field']]: z.ZodDefault<z.ZodArray<(typeof INDICATOR_LISTS)[K]['item']>> };
function listFields(): ListFields {
  return Object.fromEntries(INDICATOR_KIND_NAMES.map((k) => [INDICATOR_LISTS[k].field, z.array(INDICATOR_LISTS[k].item).default([])])) as unknown as ListFields;
}
// deMinimisByCountry after deMinimis: the bundle's JSON keeps the field order it always had.
const { deMinimisByCountry, ...lists } = listFields();

export const IndicatorsSchema = z.object({
  ...lists,
  /** Value under which duties are waived; never exempts hazardous goods from screening. */
  deMinimis: MoneySchema.default({ value: 150, currency: 'EUR' }),
  deMinimisByCountry,
  /** Exchange rates into `base` (value of one unit of each currency in `base`), for price floors and de minimis. */
  exchangeRates: z.object({ base: CurrencySchema, rates: z.record(z.string(), z.number().positive()) }).optional(),
  scoring: ScoringSchema.prefault({}),
});

/** The bundle's lists from each kind's entries (as stored in the indicators table). */
export function bundleLists(entriesOf: (kind: IndicatorKind) => unknown[]): Record<string, unknown[]> {
  return Object.fromEntries(INDICATOR_KIND_NAMES.map((k) => [INDICATOR_LISTS[k].field, entriesOf(k).map((e) => INDICATOR_LISTS[k].toItem(e as never))]));
}

/** Each kind's entries from a bundle's lists, in the bundle's order. */
export function listEntries(indicators: Indicators): { kind: IndicatorKind; entry: unknown }[] {
  return INDICATOR_KIND_NAMES.flatMap((k) => {
    const list = INDICATOR_LISTS[k];
    return (indicators[list.field] as unknown[]).map((item) => ({ kind: k, entry: list.fromItem(item as never) }));
  });
}

export const RegistryBundleSchema = z.object({
  applications: z.array(ApplicationSchema).default([]),
  indicators: IndicatorsSchema.prefault({}),
});

export type RegistryBundle = z.infer<typeof RegistryBundleSchema>;
export type RegistryBundleInput = z.input<typeof RegistryBundleSchema>;
export type Application = z.infer<typeof ApplicationSchema>;
export type Trademark = z.infer<typeof TrademarkSchema>;
export type Indicators = z.infer<typeof IndicatorsSchema>;
