/**
 * Personal data in a declared parcel: the names and addresses of its sender and consignee. The
 * retention policy removes them once a parcel may no longer be kept with them; what statistics
 * and the case history need (countries, goods, HS codes, values, the seller) stays.
 */
import type { Parcel } from './manifest.ts';

/** What a purged name reads as (names are required fields: a purged parcel still reads as a parcel). */
export const PURGED = '[purged]';

export function withoutPersonalData(parcel: Parcel): Parcel {
  return {
    ...parcel,
    sender: { name: PURGED, country: parcel.sender.country },
    consignee: { name: PURGED, country: parcel.consignee.country },
  };
}

/** Whether two versions of a parcel differ in their personal data (the audit trail records only that). */
export function personalDataChanged(a: Parcel, b: Parcel): boolean {
  return JSON.stringify([a.sender, a.consignee]) !== JSON.stringify([b.sender, b.consignee]);
}
