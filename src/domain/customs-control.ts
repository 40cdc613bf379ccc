/**
 * Which decided parcels a registry change screens again. A parcel is still under customs control
 * from its decision until customs records an outcome on it; a registry change that could alter
 * decisions re-screens those of them received within the configured window (older parcels have
 * left the border long since, and re-screening them would only fill the queue).
 */

/** The parcel row of a decided parcel still under customs control (src/db/parcel-control.ts writes this as SQL). */
export const UNDER_CONTROL = { status: 'screened', customsOutcome: null } as const;

/** The earliest reception time of a parcel a change published at `now` re-screens. */
export function rescreenSince(now: number, withinDays: number): string {
  return new Date(now - withinDays * 86_400_000).toISOString();
}
