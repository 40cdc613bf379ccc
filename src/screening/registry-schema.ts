/**
 * The registry bundle: rights holders' applications for customs action and the risk indicators
 * customs maintains. The same JSON moves between the database, the CLI and instances.
 */
import { z } from 'zod';
import { CountrySchema, CurrencySchema } from '../domain/manifest.ts';
import { normaliseHsCode } from '../domain/codes.ts';

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

export const IndicatorsSchema = z.object({
  watchedSellers: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(300),
        country: CountrySchema.optional(),
        risk: RiskLevelSchema,
        reason: z.string().max(500).optional(),
        source: z.string().max(300).optional(),
      }),
    )
    .default([]),
  /** `weight` overrides the weight of the keyword's risk level. */
  keywords: z.array(z.object({ term: z.string().trim().min(1).max(100), risk: RiskLevelSchema, weight: z.number().min(0).max(100).optional() })).default([]),
  hazardousHsCodes: z.array(hsPrefix).default([]),
  originRisk: z.array(z.object({ country: CountrySchema, risk: RiskLevelSchema })).default([]),
  /** Value under which duties are waived; never exempts hazardous goods from screening. */
  deMinimis: MoneySchema.default({ value: 150, currency: 'EUR' }),
  /** De minimis values of particular destination countries, where they differ from `deMinimis`. */
  deMinimisByCountry: z.array(MoneySchema.extend({ country: CountrySchema })).default([]),
  /** Exchange rates into `base` (value of one unit of each currency in `base`), for price floors and de minimis. */
  exchangeRates: z.object({ base: CurrencySchema, rates: z.record(z.string(), z.number().positive()) }).optional(),
  scoring: ScoringSchema.prefault({}),
});

export const RegistryBundleSchema = z.object({
  applications: z.array(ApplicationSchema).default([]),
  indicators: IndicatorsSchema.prefault({}),
});

export type RegistryBundle = z.infer<typeof RegistryBundleSchema>;
export type RegistryBundleInput = z.input<typeof RegistryBundleSchema>;
export type Application = z.infer<typeof ApplicationSchema>;
export type Trademark = z.infer<typeof TrademarkSchema>;
export type Indicators = z.infer<typeof IndicatorsSchema>;
