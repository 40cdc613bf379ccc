/**
 * The forms rights holders and customs send: an application for action, customs' decision on it,
 * a renewal, and the risk indicators. Built from the registry bundle's own schemas, so what is
 * accepted here always compiles.
 */
import { z } from 'zod';
import { CountrySchema } from '../domain/manifest.ts';
import { hsPrefix, IndicatorsSchema, isoDate, MoneySchema, RiskLevelSchema, ScoringSchema, TrademarkSchema } from '../screening/registry-schema.ts';

export const ApplicationFormSchema = z.object({
  /** Customs and admin lodge on a holder's behalf and name it; a rights holder's key names it already. */
  holderRef: z.string().trim().min(1).max(100).optional(),
  holder: z.object({ name: z.string().trim().min(1).max(200), contact: z.string().trim().min(3).max(300) }),
  trademarks: z.array(TrademarkSchema).min(1, 'an application names at least one trademark').max(500),
  authorizedSellers: z.array(z.string().trim().min(1).max(300)).max(5000).default([]),
  distributors: z.array(z.string().trim().min(1).max(300)).max(5000).default([]),
  priceFloors: z.array(MoneySchema.extend({ hsCode: hsPrefix })).max(500).default([]),
  /** How customs tells the genuine article: labels, serial numbers, packaging. */
  authenticProductNotes: z.string().trim().max(20_000).optional(),
  /** Evidence of the right: registration certificates, licences (references or links). */
  evidence: z.array(z.string().trim().min(1).max(2000)).min(1, 'evidence of the right is required').max(100),
  /** The end of validity the holder asks for; customs grants at least the configured minimum. */
  requestedValidUntil: isoDate.optional(),
  /** The goods are perishable: after a detention the parties have 3 working days, not extendable (besides perishable HS codes). */
  perishableGoods: z.boolean().optional(),
  /** Small consignments may be destroyed without the holder's confirmation once the declarant agrees or stays silent. */
  smallConsignmentProcedure: z.boolean().optional(),
});
export type ApplicationForm = z.infer<typeof ApplicationFormSchema>;
/** As stored: applications imported with a bundle may have no contact (bundles make it optional). */
export type StoredApplicationForm = Omit<ApplicationForm, 'holder' | 'holderRef'> & { holder: { name: string; contact?: string } };

export const ApplicationDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept'), validUntil: isoDate.optional(), note: z.string().max(2000).optional() }),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(3, 'a rejection needs a reason').max(2000) }),
]);

export const RenewalSchema = z.object({
  /** Evidence that the right continues (renewed registration, licence). */
  continuingRight: z.array(z.string().trim().min(1).max(2000)).min(1, 'evidence of the continuing right is required'),
  /** Prima facie evidence of infringement that justifies continued action. */
  infringement: z.array(z.string().trim().min(1).max(2000)).min(1, 'prima facie evidence of infringement is required'),
  validUntil: isoDate.optional(),
});

/** One schema per indicator list: the API path segment, the bundle field, the row shape. */
export const WatchedSellerSchema = z.object({
  name: z.string().trim().min(1).max(300),
  country: CountrySchema.optional(),
  risk: RiskLevelSchema,
  reason: z.string().trim().max(500).optional(),
  source: z.string().trim().max(300).optional(),
});
export const KeywordSchema = z.object({ term: z.string().trim().min(1).max(100), risk: RiskLevelSchema, weight: z.number().min(0).max(100).optional() });
export const HazardousHsSchema = z.object({ hsCode: hsPrefix, note: z.string().max(300).optional() });
export const OriginRiskSchema = z.object({ country: CountrySchema, risk: RiskLevelSchema });
export const DeMinimisSchema = MoneySchema.extend({ country: CountrySchema });

export const INDICATOR_KINDS = {
  'watched-sellers': WatchedSellerSchema,
  keywords: KeywordSchema,
  'hazardous-hs-codes': HazardousHsSchema,
  'origin-risk': OriginRiskSchema,
  'de-minimis': DeMinimisSchema,
} as const;
export type IndicatorKind = keyof typeof INDICATOR_KINDS;

export { ScoringSchema, IndicatorsSchema };
