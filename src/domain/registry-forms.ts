/**
 * The forms rights holders and customs send: an application for action, customs' decision on it,
 * a renewal. Built from the registry bundle's own schemas, so what is accepted here always
 * compiles; the indicator entries are declared with the bundle (INDICATOR_LISTS in registry.ts).
 */
import { z } from 'zod';
import { hsPrefix, isoDate, MoneySchema, TrademarkSchema } from './registry.ts';

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
