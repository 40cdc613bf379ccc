/**
 * The statements of the retention policy: walks over parcels (by id) and outcomes (by id) that
 * resume from a cursor, and the rewrite of a parcel's stored data, its earlier revisions and the
 * rights holders' messages about it without personal data.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

export type RetentionWalk = 'released_parcels' | 'closed_cases';

export async function cursorOf(db: Db, walk: RetentionWalk): Promise<number> {
  const row = await db.kysely.selectFrom('retention_cursors').select('after_id').where('name', '=', walk).executeTakeFirst();
  return Number(row?.after_id ?? 0);
}

export async function moveCursor(trx: Kysely<Database>, walk: RetentionWalk, afterId: number): Promise<void> {
  await trx.insertInto('retention_cursors').values({ name: walk, after_id: afterId }).onConflict((oc) => oc.column('name').doUpdateSet({ after_id: afterId })).execute();
}

/** The next parcels after `afterId`, in id order (the primary key: no scan of older ones). */
export async function parcelsAfter(db: Db, afterId: number, limit: number) {
  return db.kysely
    .selectFrom('parcels')
    .select(['id', 'received_at', 'status', 'decision', 'customs_outcome'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Outcomes after `afterId` in id order, up to the first recorded at or after `before` (ids grow with time). */
export async function outcomesBefore(db: Db, afterId: number, before: string, limit: number) {
  const rows = await db.kysely.selectFrom('outcomes').select(['id', 'parcel_id', 'action', 'at']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  const firstLater = rows.findIndex((r) => r.at >= before);
  return firstLater < 0 ? rows : rows.slice(0, firstLater);
}

/** Rewrites one parcel's stored data and revisions with `purge`; false when it was purged already. */
export async function purgeParcel(trx: Transaction<Database>, parcelId: number, purge: (data: string) => string, at: string): Promise<{ revisions: number; messages: number } | null> {
  const row = await trx.selectFrom('parcels').select(['data', 'personal_data_purged_at']).where('id', '=', parcelId).executeTakeFirst();
  if (!row || row.personal_data_purged_at !== null) return null;
  await trx.updateTable('parcels').set({ data: purge(row.data), personal_data_purged_at: at }).where('id', '=', parcelId).execute();
  const revisions = await trx.selectFrom('parcel_revisions').select(['id', 'data']).where('parcel_id', '=', parcelId).execute();
  for (const r of revisions) await trx.updateTable('parcel_revisions').set({ data: purge(r.data) }).where('id', '=', r.id).execute();
  // Case messages carry the consignee only where sharing it was configured (NOTIFY_SHARE_CONSIGNEE).
  const messages = await trx.selectFrom('outbox').select(['id', 'payload']).where('idempotency_key', 'like', `outcome:${parcelId}:%`).execute();
  let scrubbed = 0;
  for (const m of messages) {
    const payload = JSON.parse(m.payload) as Record<string, unknown>;
    if (!Object.hasOwn(payload, 'consignee')) continue;
    delete payload.consignee;
    await trx.updateTable('outbox').set({ payload: JSON.stringify(payload) }).where('id', '=', m.id).execute();
    scrubbed++;
  }
  return { revisions: revisions.length, messages: scrubbed };
}
