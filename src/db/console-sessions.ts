/**
 * Web console sessions (src/console/session.ts decides; this module only stores). A session is
 * found by the SHA-256 of its id, only while the key it signed in with is still active: revoking
 * or the expiry of a key ends its console sessions at the next request.
 */
import type { Db } from './connect.ts';
import type { Role } from './schema.ts';

export interface StoredSession {
  keyId: string;
  role: Role;
  operatorCode: string | null;
  holderRef: string | null;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export async function insertSession(db: Db, row: { idHash: string; keyId: string; csrfToken: string; at: string; expiresAt: string }): Promise<void> {
  await db.kysely
    .insertInto('console_sessions')
    .values({ id_hash: row.idHash, key_id: row.keyId, csrf_token: row.csrfToken, created_at: row.at, last_seen_at: row.at, expires_at: row.expiresAt })
    .execute();
}

/** The session and its key's role and scope; undefined when unknown, ended, or its key was revoked. */
export async function findSession(db: Db, idHash: string, now: string): Promise<StoredSession | undefined> {
  const row = await db.kysely
    .selectFrom('console_sessions')
    .innerJoin('api_keys', 'api_keys.id', 'console_sessions.key_id')
    .select([
      'console_sessions.key_id', 'console_sessions.csrf_token', 'console_sessions.created_at', 'console_sessions.last_seen_at', 'console_sessions.expires_at',
      'api_keys.role', 'api_keys.operator_code', 'api_keys.holder_ref',
    ])
    .where('console_sessions.id_hash', '=', idHash)
    .where('console_sessions.expires_at', '>', now)
    .where('api_keys.revoked_at', 'is', null)
    // A rotated key works until the end of its grace period, and its sessions with it.
    .where((eb) => eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    keyId: row.key_id,
    role: row.role,
    operatorCode: row.operator_code,
    holderRef: row.holder_ref,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export async function touchSession(db: Db, idHash: string, at: string): Promise<void> {
  await db.kysely.updateTable('console_sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.kysely.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
}

/** Removes sessions past their absolute end or idle since before `idleBefore`; returns how many. */
export async function deleteEndedSessions(db: Db, now: string, idleBefore: string): Promise<number> {
  const result = await db.kysely
    .deleteFrom('console_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
