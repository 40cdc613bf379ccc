/**
 * The transactional outbox: messages for rights holders' and operators' webhooks are written in
 * the same transaction as the change they report, then delivered (at least once) by the
 * deliverer. Also the pull feed: `GET /v1/notifications` reads the same rows.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from './connect.ts';
import type { Database, OutboxTable } from './schema.ts';
import type { EventMessage } from '../domain/events.ts';

/** A message as src/domain/events.ts builds it. */
export type OutboxMessage = EventMessage;

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

/** `attempts` counts every attempt, the successful one too. */
export async function markDelivered(db: Db, id: number): Promise<void> {
  await db.kysely.updateTable('outbox').set((eb) => ({ delivered_at: new Date().toISOString(), attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
}

/** Exponential backoff: 2, 4, 8 … seconds, at most an hour between attempts; never given up. Returns when the message is due again. */
export async function markFailed(db: Db, id: number, attempts: number, error: string): Promise<string> {
  const delay = Math.min(3600, 2 ** Math.min(attempts + 1, 12)) * 1000;
  const nextAttemptAt = new Date(Date.now() + delay).toISOString();
  await db.kysely
    .updateTable('outbox')
    .set({ attempts: attempts + 1, last_error: error.slice(0, 500), next_attempt_at: nextAttemptAt })
    .where('id', '=', id)
    .execute();
  return nextAttemptAt;
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

/**
 * Where a message stands with its owner's webhook: `delivered` (a receiver answered 2xx),
 * `failing` (not delivered, and its last attempt failed: `last_error` is set by a failure and
 * cleared only when a delivered message is sent again by hand), `pending` (not delivered, not
 * failed since it was written or sent again).
 */
export type DeliveryStatus = 'delivered' | 'pending' | 'failing';
export const DELIVERY_STATUSES = ['delivered', 'pending', 'failing'] as const satisfies readonly DeliveryStatus[];

/** An outbox row without its payload: what an owner is shown of a delivery. */
export type DeliveryRecord = Omit<Selectable<OutboxTable>, 'payload'>;

const DELIVERY_COLUMNS = ['id', 'owner', 'event', 'idempotency_key', 'created_at', 'attempts', 'next_attempt_at', 'delivered_at', 'last_error'] as const;

export function deliveryStatus(r: Pick<DeliveryRecord, 'delivered_at' | 'last_error'>): DeliveryStatus {
  return r.delivered_at !== null ? 'delivered' : r.last_error !== null ? 'failing' : 'pending';
}

export interface DeliveryFilter {
  owner: string;
  status?: DeliveryStatus | undefined;
  event?: string | undefined;
  /** Ids below this one (the cursor: lists are newest first). */
  before?: number | undefined;
  limit: number;
}

/** One owner's messages, newest first: on (owner, id), or (owner, delivered_at, id) for the undelivered. */
export async function listDeliveries(db: Db, f: DeliveryFilter): Promise<DeliveryRecord[]> {
  let query = db.kysely.selectFrom('outbox').select(DELIVERY_COLUMNS).where('owner', '=', f.owner);
  if (f.status === 'delivered') query = query.where('delivered_at', 'is not', null);
  if (f.status === 'pending') query = query.where('delivered_at', 'is', null).where('last_error', 'is', null);
  if (f.status === 'failing') query = query.where('delivered_at', 'is', null).where('last_error', 'is not', null);
  if (f.event !== undefined) query = query.where('event', '=', f.event);
  if (f.before !== undefined) query = query.where('id', '<', f.before);
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function findDelivery(executor: Kysely<Database>, id: number, owner: string): Promise<DeliveryRecord | undefined> {
  return executor.selectFrom('outbox').select(DELIVERY_COLUMNS).where('id', '=', id).where('owner', '=', owner).executeTakeFirst();
}

/**
 * Makes a message due at `now`. A delivered one becomes undelivered again, its old error cleared
 * (its last attempt succeeded); a failing one keeps its error until the next attempt.
 */
export async function makeDueNow(executor: Kysely<Database>, message: DeliveryRecord, now: string): Promise<DeliveryRecord> {
  const change = message.delivered_at !== null ? { next_attempt_at: now, delivered_at: null, last_error: null } : { next_attempt_at: now };
  await executor.updateTable('outbox').set(change).where('id', '=', message.id).execute();
  return { ...message, ...change };
}

export async function hasWebhook(executor: Kysely<Database>, owner: string): Promise<boolean> {
  return (await executor.selectFrom('webhooks').select('owner').where('owner', '=', owner).executeTakeFirst()) !== undefined;
}

/**
 * For each owner with a webhook, when its oldest undelivered message was written (null when it
 * has none): one seek of (owner, delivered_at, id) per webhook. Owners without a webhook only
 * pull: their messages are never pushed, so they are not behind.
 */
export async function oldestUndeliveredByOwner(db: Db): Promise<{ owner: string; oldest: string | null }[]> {
  return db.kysely
    .selectFrom('webhooks as w')
    .select((eb) => [
      'w.owner',
      eb.selectFrom('outbox as o').select('o.created_at').whereRef('o.owner', '=', 'w.owner').where('o.delivered_at', 'is', null).orderBy('o.id').limit(1).as('oldest'),
    ])
    .execute();
}
