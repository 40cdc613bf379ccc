/**
 * The fixed rules of the procedure after a detention, modelled on EU Regulation 608/2013 (arts.
 * 23 and 26): the periods, which goods count as perishable, and which parcels are small
 * consignments. One place, so the README and the code cannot disagree. Pure.
 */

/** Working days the parties have after the notification (art. 23(1)); the standard one is configurable (`CONFIRM_WORKING_DAYS`). */
export const PERISHABLE_WORKING_DAYS = 3;
/** The small-consignment procedure's period for the declarant (art. 26(4)), and for proceedings after an objection (art. 26(9)). */
export const SMALL_CONSIGNMENT_WORKING_DAYS = 10;

/**
 * HS prefixes of perishable goods: those that deteriorate within about 20 days of a detention
 * (the Regulation's definition, art. 2(20)). The food chapters 01-24 that spoil — not the ones
 * that keep (cereals, sugar, coffee, spirits, tobacco, preserves) — and live or cut plants.
 */
export const PERISHABLE_HS_PREFIXES: readonly { prefix: string; goods: string }[] = [
  { prefix: '01', goods: 'live animals' },
  { prefix: '02', goods: 'meat and edible offal' },
  { prefix: '03', goods: 'fish, crustaceans, molluscs' },
  { prefix: '04', goods: 'dairy produce, eggs' },
  { prefix: '0601', goods: 'bulbs and tubers' },
  { prefix: '0602', goods: 'live plants' },
  { prefix: '0603', goods: 'cut flowers' },
  { prefix: '0604', goods: 'foliage and branches' },
  { prefix: '07', goods: 'vegetables' },
  { prefix: '08', goods: 'fruit' },
];

/** The perishable entry an HS code falls under, or null. */
export function perishableGoods(hsCode: string): string | null {
  return PERISHABLE_HS_PREFIXES.find((p) => hsCode.startsWith(p.prefix))?.goods ?? null;
}

/** Small consignments (art. 2(19)): a postal or express parcel of at most 3 units, or under 2 kg gross. */
export const SMALL_CONSIGNMENT = { maxUnits: 3, underGrossKg: 2 } as const;

export interface ConsignmentFacts {
  mode: string;
  items: readonly { quantity: number }[];
  grossWeightKg?: number | undefined;
}

export function isSmallConsignment(parcel: ConsignmentFacts): boolean {
  if (parcel.mode !== 'postal' && parcel.mode !== 'express') return false;
  const units = parcel.items.reduce((n, i) => n + i.quantity, 0);
  if (units <= SMALL_CONSIGNMENT.maxUnits) return true;
  // Net weights are no help without the gross weight: they only bound it from below.
  return parcel.grossWeightKg !== undefined && parcel.grossWeightKg < SMALL_CONSIGNMENT.underGrossKg;
}
