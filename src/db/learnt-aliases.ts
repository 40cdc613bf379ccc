/**
 * Learnt aliases: spellings of a mark that customs confirmed as disguises by detaining or seizing
 * the parcel that carried them. Listed per application, removable by customs, and part of every
 * registry bundle built after they were learnt.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface LearntAliasRecord {
  applicationId: string;
  mark: string;
  alias: string;
  parcelId: number | null;
  itemId: string | null;
  officer: string;
  learntAt: string;
}

/** The key one spelling is stored under: "N1KE" and "n1ke" are one learnt alias. */
export function aliasKey(alias: string): string {
  return alias.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

type Row = { application_id: string; mark: string; alias: string; parcel_id: number | string | null; item_id: string | null; officer: string; learnt_at: string };

const toRecord = (r: Row): LearntAliasRecord => ({
  applicationId: r.application_id,
  mark: r.mark,
  alias: r.alias,
  parcelId: r.parcel_id === null ? null : Number(r.parcel_id),
  itemId: r.item_id,
  officer: r.officer,
  learntAt: r.learnt_at,
});

const COLUMNS = ['application_id', 'mark', 'alias', 'parcel_id', 'item_id', 'officer', 'learnt_at'] as const;

/** Learnt aliases of one application, or of all when `applicationId` is null, oldest first. */
export async function listLearntAliases(executor: Kysely<Database>, applicationId: string | null): Promise<LearntAliasRecord[]> {
  let q = executor.selectFrom('learnt_aliases').select(COLUMNS);
  if (applicationId !== null) q = q.where('application_id', '=', applicationId);
  return (await q.orderBy('id').execute()).map(toRecord);
}

/** Stores a learnt alias unless the application already has that spelling for that mark; true when stored. */
export async function addLearntAlias(executor: Kysely<Database>, a: LearntAliasRecord): Promise<boolean> {
  const key = aliasKey(a.alias);
  const existing = await executor
    .selectFrom('learnt_aliases')
    .select('id')
    .where('application_id', '=', a.applicationId)
    .where('mark', '=', a.mark)
    .where('alias_key', '=', key)
    .executeTakeFirst();
  if (existing) return false;
  await executor
    .insertInto('learnt_aliases')
    .values({ application_id: a.applicationId, mark: a.mark, alias: a.alias, alias_key: key, parcel_id: a.parcelId, item_id: a.itemId, officer: a.officer, learnt_at: a.learntAt })
    .execute();
  return true;
}

/** Removes every learnt alias of the application spelled `alias` (any mark); returns what was removed. */
export async function removeLearntAlias(executor: Kysely<Database>, applicationId: string, alias: string): Promise<LearntAliasRecord[]> {
  const key = aliasKey(alias);
  const rows = await executor.selectFrom('learnt_aliases').select(COLUMNS).where('application_id', '=', applicationId).where('alias_key', '=', key).execute();
  if (rows.length > 0) await executor.deleteFrom('learnt_aliases').where('application_id', '=', applicationId).where('alias_key', '=', key).execute();
  return rows.map(toRecord);
}

/** The latest decision's reasons of a parcel, as stored (JSON), or null. */
export async function latestDecisionReasons(executor: Kysely<Database>, parcelId: number): Promise<string | null> {
  const row = await executor.selectFrom('decisions').select('reasons').where('parcel_id', '=', parcelId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.reasons ?? null;
}
