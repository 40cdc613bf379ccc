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

/**
 * Messages due for delivery, for owners that registered a webhook, but those in `skipOwners`
 * (paused after a failure). Starts from the few webhooks, not from the outbox: messages of owners
 * who only pull accumulate there and must not be scanned on every delivery pass.
 */
export async function dueMessages(db: Db, limit: number, skipOwners: ReadonlySet<string> = new Set()) {
  const now = new Date().toISOString();
  const hooks = await db.kysely.selectFrom('webhooks').select(['owner', 'url', 'secret']).execute();
  const due = [];
  for (const hook of hooks) {
    if (skipOwners.has(hook.owner)) continue;
    const rows = await db.kysely
      .selectFrom('outbox')
      .select(['id', 'owner', 'event', 'payload', 'idempotency_key', 'attempts', 'created_at'])
      .where('owner', '=', hook.owner)
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute();
    for (const r of rows) due.push({ ...r, url: hook.url, secret: hook.secret });
    if (due.length >= limit) break;
  }
  return due.slice(0, limit);
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
