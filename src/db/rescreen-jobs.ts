/**
 * The re-screening jobs (one per registry version that asked for one) and the bounded statements
 * that work through them: each marks the decided parcels still under control in one range of ids.
 */
import type { Kysely } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';
import { underCustomsControl } from './parcel-control.ts';

export interface RescreenJob {
  version: number;
  receivedSince: string;
  nextId: number;
  lastId: number;
}

/** In the publishing transaction: parcels received since `since`, filed up to now, are to be marked. */
export async function queueRescreen(trx: Kysely<Database>, version: number, since: string): Promise<void> {
  const last = await trx.selectFrom('parcels').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  await trx
    .insertInto('rescreen_jobs')
    .values({ version, received_since: since, next_id: 0, last_id: Number(last?.id ?? 0), created_at: new Date().toISOString(), finished_at: null, superseded_by: null })
    .execute();
}

export async function openRescreenJobs(db: Db): Promise<RescreenJob[]> {
  const rows = await db.kysely.selectFrom('rescreen_jobs').select(['version', 'received_since', 'next_id', 'last_id']).where('finished_at', 'is', null).orderBy('version').execute();
  return rows.map((r) => ({ version: r.version, receivedSince: r.received_since, nextId: r.next_id, lastId: r.last_id }));
}

/**
 * The newest job takes the older unfinished ones over: it marks every parcel they would have
 * marked (its own window widened to the oldest one's start), screened with the newest version,
 * instead of one walk per version.
 */
export async function supersedeRescreenJobs(db: Db, newest: RescreenJob, older: readonly RescreenJob[]): Promise<RescreenJob> {
  const since = older.reduce((min, j) => (j.receivedSince < min ? j.receivedSince : min), newest.receivedSince);
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('rescreen_jobs').set({ received_since: since }).where('version', '=', newest.version).execute();
    await trx
      .updateTable('rescreen_jobs')
      .set({ finished_at: new Date().toISOString(), superseded_by: newest.version })
      .where('version', 'in', older.map((j) => j.version))
      .where('finished_at', 'is', null)
      .execute();
  });
  return { ...newest, receivedSince: since };
}

/**
 * The first parcel id received at or after `since`, found by bisection on the primary key (no
 * index on the date: one per filed parcel would cost every filing). Ids grow with reception time,
 * up to the length of a filing transaction; callers look back by a margin for that.
 */
export async function firstParcelIdSince(db: Db, since: string): Promise<number> {
  const bounds = await db.kysely.selectFrom('parcels').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirst();
  let lo = Number(bounds?.lo ?? 0);
  let hi = Number(bounds?.hi ?? 0);
  if (hi === 0) return 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = await db.kysely.selectFrom('parcels').select(['id', 'received_at']).where('id', '>=', mid).orderBy('id').limit(1).executeTakeFirst();
    if (!row || row.received_at >= since) hi = mid;
    else lo = Number(row.id) + 1;
  }
  return lo;
}

/**
 * Marks the decided parcels under control with ids in [from, to) and moves the job on to `to`,
 * in one transaction; `null` when another node moved the job on first (its marks stand, the
 * statement is idempotent).
 */
export async function markRescreenRange(db: Db, job: RescreenJob, from: number, to: number): Promise<number | null> {
  return db.kysely.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('rescreen_jobs')
      .set({ next_id: to, finished_at: to > job.lastId ? new Date().toISOString() : null })
      .where('version', '=', job.version)
      .where('next_id', '=', job.nextId)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return null;
    const marked = await trx
      .updateTable('parcels')
      .set({ status: 'rescreen' })
      .where('id', '>=', from)
      .where('id', '<', to)
      .where('id', '<=', job.lastId)
      .$call(underCustomsControl)
      .where('received_at', '>=', job.receivedSince)
      .executeTakeFirst();
    const n = Number(marked.numUpdatedRows);
    if (n > 0) await trx.updateTable('rescreen_jobs').set((eb) => ({ marked: eb('marked', '+', n) })).where('version', '=', job.version).execute();
    return n;
  });
}

/** Progress of each version's job, for the list of registry versions. */
export async function rescreenProgress(db: Db, versions: readonly number[]) {
  if (versions.length === 0) return new Map<number, { marked: number; finishedAt: string | null; supersededBy: number | null }>();
  const rows = await db.kysely.selectFrom('rescreen_jobs').select(['version', 'marked', 'finished_at', 'superseded_by']).where('version', 'in', [...versions]).execute();
  return new Map(rows.map((r) => [r.version, { marked: r.marked, finishedAt: r.finished_at, supersededBy: r.superseded_by }]));
}
