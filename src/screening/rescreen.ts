/**
 * Works through the re-screening jobs registry versions leave behind: marks the decided parcels
 * still under control for screening again, one bounded range of ids per step, off the editor's
 * request and transaction. Steps are idempotent and remember their progress, so a restart, a
 * second node or a crash in the middle loses nothing and marks nothing twice over.
 */
import type { Db } from '../db/connect.ts';
import { firstParcelIdSince, markRescreenRange, openRescreenJobs, supersedeRescreenJobs } from '../db/rescreen-jobs.ts';
import { retryOnConflict } from '../db/retry.ts';

/** Parcel ids per step: one statement over at most this many rows of the primary key. */
export const RESCREEN_RANGE = 5000;
/** How far before the window's start the walk begins: ids grow with reception time only up to a filing's length. */
const LOOK_BACK_MS = 60 * 60_000;

/** One step of the open job, if any. Returns true while work remains. */
export async function markForRescreenStep(db: Db, range = RESCREEN_RANGE): Promise<boolean> {
  const jobs = await openRescreenJobs(db);
  if (jobs.length === 0) return false;
  let job = jobs[jobs.length - 1]!;
  if (jobs.length > 1) job = await supersedeRescreenJobs(db, job, jobs.slice(0, -1));
  const from = job.nextId > 0 ? job.nextId : await firstParcelIdSince(db, new Date(Date.parse(job.receivedSince) - LOOK_BACK_MS).toISOString());
  await retryOnConflict(() => markRescreenRange(db, job, from, from + range));
  return true;
}

/** Runs steps until no job is open (the CLI and tests; the dispatcher takes one step at a time). */
export async function markForRescreen(db: Db, range = RESCREEN_RANGE): Promise<void> {
  while (await markForRescreenStep(db, range));
}
