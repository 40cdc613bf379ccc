/**
 * API keys: random secrets shown once, stored only as SHA-256 hashes. Keys carry 192 bits of
 * entropy, so a fast hash is enough (a slow password hash protects guessable secrets, not these).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './connect.ts';
import type { ApiKeyRow, Database, Role } from './schema.ts';
import { audit } from './audit.ts';

export const KEY_PREFIX = 'psk_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface NewKey {
  role: Role;
  operatorCode?: string | null;
  holderRef?: string | null;
  label?: string | null;
  expiresAt?: string | null;
  createdBy?: string;
}

/** A key as it is listed: everything but its hash. */
export type KeyRecord = Omit<ApiKeyRow, 'key_hash'>;

const RECORD_COLUMNS = ['id', 'role', 'operator_code', 'holder_ref', 'label', 'created_at', 'revoked_at', 'expires_at', 'last_used_at', 'replaced_by'] as const;

/** Must run in a transaction: the key and its audit entry are written together. */
export async function insertKey(trx: Transaction<Database>, spec: NewKey): Promise<{ record: KeyRecord; key: string }> {
  if (spec.role === 'operator' && !spec.operatorCode) throw new Error('an operator key needs an operator code');
  if (spec.role === 'rightsholder' && !spec.holderRef) throw new Error('a rightsholder key needs a holder reference');
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const record: KeyRecord = {
    id: randomUUID(),
    role: spec.role,
    operator_code: spec.operatorCode ?? null,
    holder_ref: spec.holderRef ?? null,
    label: spec.label ?? null,
    created_at: new Date().toISOString(),
    revoked_at: null,
    expires_at: spec.expiresAt ?? null,
    last_used_at: null,
    replaced_by: null,
  };
  await trx.insertInto('api_keys').values({ ...record, key_hash: hashKey(key) }).execute();
  await audit(trx, {
    actor: spec.createdBy ?? 'cli',
    action: 'key.created',
    entity: 'api_key',
    entityId: record.id,
    after: { role: record.role, operatorCode: record.operator_code, holderRef: record.holder_ref, label: record.label, expiresAt: record.expires_at },
  });
  return { record, key };
}

export async function createApiKey(db: Db, spec: NewKey): Promise<{ id: string; key: string }> {
  const { record, key } = await db.kysely.transaction().execute((trx) => insertKey(trx, spec));
  return { id: record.id, key };
}

/** The key this secret belongs to, unless it was revoked or has expired. */
export async function findActiveKey(db: Db, key: string, now = new Date().toISOString()): Promise<ApiKeyRow | undefined> {
  return db.kysely
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function findKey(executor: Kysely<Database>, id: string, options: { lock?: boolean; dialect?: Db['dialect'] } = {}): Promise<KeyRecord | undefined> {
  const query = executor.selectFrom('api_keys').select(RECORD_COLUMNS).where('id', '=', id);
  return (options.lock && options.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function markRevoked(executor: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const result = await executor.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markReplaced(executor: Kysely<Database>, id: string, replacedBy: string, expiresAt: string): Promise<void> {
  await executor.updateTable('api_keys').set({ replaced_by: replacedBy, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Only moves forward: several nodes record uses of the same key. */
export async function recordKeyUse(db: Db, id: string, at: string): Promise<void> {
  await db.kysely
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute();
}

export interface KeyListFilter {
  role?: Role;
  operatorCode?: string;
  holderRef?: string;
  /** `active`: neither revoked nor expired at `now`. */
  state?: 'active' | 'revoked' | 'expired';
  now: string;
  /** The last key of the previous page, newest first. */
  after?: { at: string; id: string };
  limit: number;
}

export async function listKeys(db: Db, filter: KeyListFilter): Promise<KeyRecord[]> {
  let q = db.kysely.selectFrom('api_keys').select(RECORD_COLUMNS);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.operatorCode) q = q.where('operator_code', '=', filter.operatorCode);
  if (filter.holderRef) q = q.where('holder_ref', '=', filter.holderRef);
  const { now } = filter;
  if (filter.state === 'revoked') q = q.where('revoked_at', 'is not', null);
  if (filter.state === 'expired') q = q.where('revoked_at', 'is', null).where('expires_at', '<=', now);
  if (filter.state === 'active') q = q.where('revoked_at', 'is', null).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  const after = filter.after;
  if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
