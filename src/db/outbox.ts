/**
 * The transactional outbox: messages for rights holders' and operators' webhooks are written in
 * the same transaction as the change they report, then delivered (at least once) by the
 * deliverer. Also the pull feed: `GET /v1/notifications` reads the same rows.
 */
import type { Kysely } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

export interface OutboxMessage {
  /** `holder:<ref>` or `operator:<code>`. */
  owner: string;
  event: string;
  payload: unknown;
  /** Stable per fact, so a retried transaction or delivery never makes two messages of one fact. */
  idempotencyKey: string;
}

export async function enqueue(executor: Kysely<Database>, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = new Date().toISOString();
  await executor
    .insertInto('outbox')
    .values(messages.map((m) => ({ owner: m.owner, event: m.event, payload: JSON.stringify(m.payload), idempotency_key: m.idempotencyKey, created_at: now, attempts: 0, next_attempt_at: now, delivered_at: null, last_error: null })))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

export interface WebhookTarget {
  owner: string;
  url: string;
  secret: string;
}

/**
 * Owners with a webhook and at least one message due, but those in `skipOwners` (paused after a
 * failure, or being delivered to already), at most `limit`. Starts from the few webhooks, not
 * from the outbox: messages of owners who only pull accumulate there and must not be scanned on
 * every delivery pass.
 */
export async function ownersDue(db: Db, limit: number, skipOwners: ReadonlySet<string> = new Set()): Promise<WebhookTarget[]> {
  if (limit <= 0) return [];
  const now = new Date().toISOString();
  const hooks = await db.kysely.selectFrom('webhooks').select(['owner', 'url', 'secret']).orderBy('owner').execute();
  const due: WebhookTarget[] = [];
  for (const hook of hooks) {
    if (skipOwners.has(hook.owner)) continue;
    const next = await db.kysely.selectFrom('outbox').select('id').where('owner', '=', hook.owner).where('delivered_at', 'is', null).where('next_attempt_at', '<=', now).limit(1).executeTakeFirst();
    if (next) due.push(hook);
    if (due.length >= limit) break;
  }
  return due;
}

/** One owner's messages due for delivery, oldest first. */
export async function dueForOwner(db: Db, owner: string, limit: number) {
  return db.kysely
    .selectFrom('outbox')
    .select(['id', 'owner', 'event', 'payload', 'idempotency_key', 'attempts', 'created_at'])
    .where('owner', '=', owner)
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', new Date().toISOString())
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markDelivered(db: Db, id: number): Promise<void> {
  await db.kysely.updateTable('outbox').set({ delivered_at: new Date().toISOString() }).where('id', '=', id).execute();
}

/** Exponential backoff: 2, 4, 8 … seconds, at most an hour between attempts; never given up. */
export async function markFailed(db: Db, id: number, attempts: number, error: string): Promise<void> {
  const delay = Math.min(3600, 2 ** Math.min(attempts + 1, 12)) * 1000;
  await db.kysely
    .updateTable('outbox')
    .set({ attempts: attempts + 1, last_error: error.slice(0, 500), next_attempt_at: new Date(Date.now() + delay).toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function feed(db: Db, owner: string, after: number, limit: number) {
  const rows = await db.kysely
    .selectFrom('outbox')
    .select(['id', 'event', 'payload', 'idempotency_key', 'created_at', 'delivered_at'])
    .where('owner', '=', owner)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, event: r.event, idempotencyKey: r.idempotency_key, createdAt: r.created_at, deliveredAt: r.delivered_at, data: JSON.parse(r.payload) as unknown }));
}
