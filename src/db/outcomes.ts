/**
 * Customs outcomes of parcels: the history the state machine reads, and the parcel's copy of
 * the last one.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export async function outcomeHistory(executor: Kysely<Database>, parcelId: number) {
  return executor.selectFrom('outcomes').select(['action', 'note', 'officer', 'at']).where('parcel_id', '=', parcelId).orderBy('id').execute();
}

/** What recording an outcome needs to know of the parcel and its manifest. */
export async function parcelForOutcome(executor: Kysely<Database>, parcelId: number) {
  return executor
    .selectFrom('parcels')
    .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
    .select(['parcels.id', 'parcels.item_id', 'parcels.manifest_id', 'parcels.operator_code', 'parcels.data', 'parcels.application_ids', 'parcels.customs_outcome', 'parcels.origin_country', 'manifests.destination_country', 'manifests.mode'])
    .where('parcels.id', '=', parcelId)
    .executeTakeFirst();
}

export async function insertOutcome(executor: Kysely<Database>, outcome: { parcelId: number; action: string; note: string | null; officer: string; at: string }): Promise<void> {
  await executor.insertInto('outcomes').values({ parcel_id: outcome.parcelId, action: outcome.action, note: outcome.note, officer: outcome.officer, at: outcome.at }).execute();
  await executor.updateTable('parcels').set({ customs_outcome: outcome.action }).where('id', '=', outcome.parcelId).execute();
}

/** The last outcome of each of these parcels (those with none are absent): for an operator's list of instructions. */
export async function lastOutcomes(executor: Kysely<Database>, parcelIds: readonly number[]): Promise<Map<number, string>> {
  if (parcelIds.length === 0) return new Map();
  const rows = await executor.selectFrom('parcels').select(['id', 'customs_outcome']).where('id', 'in', [...parcelIds]).where('customs_outcome', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.customs_outcome!]));
}

/** A parcel's declared data (its stored JSON), or undefined when there is no such parcel. */
export async function parcelData(executor: Kysely<Database>, parcelId: number): Promise<string | undefined> {
  return (await executor.selectFrom('parcels').select('data').where('id', '=', parcelId).executeTakeFirst())?.data;
}
