/** How the evidence of a parcel makes its risk score (the decision values and reasons: src/domain/decision.ts). */

/** Independent pieces of evidence combine as 1 - Π(1 - w): bounded, monotonic, order-free. */
export function combineWeights(weights: readonly number[]): number {
  let keep = 1;
  for (const w of weights) keep *= 1 - Math.min(100, Math.max(0, w)) / 100;
  return Math.round((1 - keep) * 100);
}
