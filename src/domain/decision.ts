/**
 * What screening says about a parcel: the decision values, the kinds of reason and the evidence
 * behind a decision. Stored in `parcels.decision` and `decisions.reasons`, sent to operators, shown
 * to customs: one definition for all of them.
 */
import { z } from 'zod';

export const DECISIONS = ['hold', 'review', 'release'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DecisionValueSchema = z.enum(DECISIONS);

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

export const ScreeningResultSchema = z.object({
  itemId: z.string(),
  decision: DecisionValueSchema,
  riskScore: z.number().int().min(0).max(100),
  reasons: z.array(ReasonSchema),
});
export type ScreeningResult = z.infer<typeof ScreeningResultSchema>;
