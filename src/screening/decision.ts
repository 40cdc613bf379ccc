/**
 * What screening says about a parcel: a decision, a risk score and the evidence behind it.
 */
import { z } from 'zod';

export const REASON_KINDS = ['trademark', 'keyword', 'seller', 'price', 'authorization', 'hazard', 'misdeclaration', 'category', 'origin'] as const;

export const ReasonSchema = z.object({
  kind: z.enum(REASON_KINDS),
  mark: z.string().optional(),
  applicationId: z.string().optional(),
  /** Path of the parcel field the evidence is in, e.g. `items[0].description`, `seller.name`. */
  field: z.string(),
  /** The words of the original text that matched. */
  matched: z.string(),
  /** Offsets of `matched` in the original field (end exclusive); 0/0 when the evidence is a value, not text. */
  start: z.number().int(),
  end: z.number().int(),
  /** Dice coefficient of the match, where one was fuzzy. */
  similarity: z.number().min(0).max(1).optional(),
  /** Contribution to the risk score (0-100, combined as independent evidence). */
  weight: z.number().min(0).max(100),
  note: z.string(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const DecisionValueSchema = z.enum(['hold', 'review', 'release']);

export const ScreeningResultSchema = z.object({
  itemId: z.string(),
  decision: DecisionValueSchema,
  riskScore: z.number().int().min(0).max(100),
  reasons: z.array(ReasonSchema),
});
export type ScreeningResult = z.infer<typeof ScreeningResultSchema>;

/** Independent pieces of evidence combine as 1 - Π(1 - w): bounded, monotonic, order-free. */
export function combineWeights(weights: readonly number[]): number {
  let keep = 1;
  for (const w of weights) keep *= 1 - Math.min(100, Math.max(0, w)) / 100;
  return Math.round((1 - keep) * 100);
}
