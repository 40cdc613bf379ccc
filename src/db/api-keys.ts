/**
 * API keys: random secrets shown once, stored only as SHA-256 hashes. Keys carry 192 bits of
 * entropy, so a fast hash is enough (a slow password hash protects guessable secrets, not these).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from './connect.ts';
import type { ApiKeyRow, Role } from './schema.ts';
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
  createdBy?: string;
}

export async function createApiKey(db: Db, spec: NewKey): Promise<{ id: string; key: string }> {
  if (spec.role === 'operator' && !spec.operatorCode) throw new Error('an operator key needs an operator code');
  if (spec.role === 'rightsholder' && !spec.holderRef) throw new Error('a rightsholder key needs a holder reference');
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const id = randomUUID();
  await db.kysely
    .insertInto('api_keys')
    .values({
      id,
      key_hash: hashKey(key),
      role: spec.role,
      operator_code: spec.operatorCode ?? null,
      holder_ref: spec.holderRef ?? null,
      label: spec.label ?? null,
      created_at: new Date().toISOString(),
      revoked_at: null,
      expires_at: null,
      last_used_at: null,
      replaced_by: null,
    })
    .execute();
  await audit(db.kysely, { actor: spec.createdBy ?? 'cli', action: 'key.created', entity: 'api_key', entityId: id, after: { role: spec.role, operatorCode: spec.operatorCode ?? null, holderRef: spec.holderRef ?? null, label: spec.label ?? null } });
  return { id, key };
}

export async function findActiveKey(db: Db, key: string): Promise<ApiKeyRow | undefined> {
  return db.kysely
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('api_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const revoked = Number(result.numUpdatedRows) > 0;
  if (revoked) await audit(db.kysely, { actor: 'cli', action: 'key.revoked', entity: 'api_key', entityId: id });
  return revoked;
}

export async function listApiKeys(db: Db): Promise<Omit<ApiKeyRow, 'key_hash'>[]> {
  return db.kysely
    .selectFrom('api_keys')
    .select(['id', 'role', 'operator_code', 'holder_ref', 'label', 'created_at', 'revoked_at', 'expires_at', 'last_used_at', 'replaced_by'])
    .orderBy('created_at')
    .execute();
}
