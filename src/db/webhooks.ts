/** Each owner's webhook (one per operator or rights holder), with its signing secret. */
import type { Kysely } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

/** Sets the owner's webhook in one statement: a delete and an insert let two concurrent sets of one owner collide on the key. */
export async function upsertWebhook(executor: Kysely<Database>, hook: { owner: string; url: string; secret: string; at: string }): Promise<void> {
  const { owner, url, secret, at } = hook;
  await executor.insertInto('webhooks').values({ owner, url, secret, updated_at: at }).onConflict((oc) => oc.column('owner').doUpdateSet({ url, secret, updated_at: at })).execute();
}

/** The owner's webhook without its secret. */
export async function findWebhook(db: Db, owner: string) {
  return db.kysely.selectFrom('webhooks').select(['owner', 'url', 'updated_at']).where('owner', '=', owner).executeTakeFirst();
}
