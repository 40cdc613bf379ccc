// src/keys/: API keys (spec, changes with their audit entries, last use); the lowest service.
/**
 * The life of an API key: created (the secret shown once), listed, revoked, rotated (a new key,
 * the old one working on for a grace period so clients can switch without downtime). Each change
 * and its audit entry are written in one transaction.
 */
import type { Db } from '../db/connect.ts';
import { findKey, insertKey, markReplaced, markRevoked, type KeyRecord } from '../db/api-keys.ts';
import { audit } from '../db/audit.ts';
import type { KeySpec } from './spec.ts';
import { inTransaction } from '../db/transaction.ts';

/** A key as the API and the CLI show it. */
export interface KeyView {
  id: string;
  role: KeyRecord['role'];
  operator: string | null;
  holder: string | null;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  replacedBy: string | null;
  state: 'active' | 'revoked' | 'expired';
}

export function keyView(r: KeyRecord, now = new Date().toISOString()): KeyView {
  return {
    id: r.id,
    role: r.role,
    operator: r.operator_code,
    holder: r.holder_ref,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    replacedBy: r.replaced_by,
    state: r.revoked_at !== null ? 'revoked' : r.expires_at !== null && r.expires_at <= now ? 'expired' : 'active',
  };
}

export async function createKey(db: Db, spec: KeySpec, actor: string): Promise<{ view: KeyView; key: string }> {
  const { record, key } = await inTransaction(db, (trx) =>
    insertKey(trx, { role: spec.role, operatorCode: spec.operator ?? null, holderRef: spec.holder ?? null, label: spec.label ?? null, expiresAt: spec.expiresAt ?? null, createdBy: actor }),
  );
  return { view: keyView(record), key };
}

export type KeyChange<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'not_active'; message: string };

function inactive(record: KeyRecord, now: string): string | null {
  if (record.revoked_at !== null) return `key ${record.id} was revoked at ${record.revoked_at}`;
  if (record.expires_at !== null && record.expires_at <= now) return `key ${record.id} expired at ${record.expires_at}`;
  return null;
}

export async function revokeKey(db: Db, id: string, actor: string): Promise<KeyChange<KeyView>> {
  return inTransaction(db, async (trx) => {
    const now = new Date().toISOString();
    const record = await findKey(trx, id, { lock: true, dialect: db.dialect });
    if (!record) return { ok: false, reason: 'not_found' } as const;
    // The row is locked (PostgreSQL) or the only writer is this transaction (SQLite): no race.
    if (record.revoked_at !== null) return { ok: false, reason: 'not_active', message: `key ${id} was revoked at ${record.revoked_at}` } as const;
    await markRevoked(trx, id, now);
    await audit(trx, { actor, action: 'key.revoked', entity: 'api_key', entityId: id });
    return { ok: true, value: keyView({ ...record, revoked_at: now }, now) } as const;
  });
}

/**
 * A new key with the same role, operator or holder, label and expiry; the old one keeps working
 * for `graceSeconds` (never longer than it would have), then stops. A key is rotated once: rotate
 * its replacement next time.
 */
export async function rotateKey(db: Db, id: string, graceSeconds: number, actor: string): Promise<KeyChange<{ view: KeyView; key: string; replaced: KeyView }>> {
  return inTransaction(db, async (trx) => {
    const now = new Date().toISOString();
    const old = await findKey(trx, id, { lock: true, dialect: db.dialect });
    if (!old) return { ok: false, reason: 'not_found' } as const;
    const problem = inactive(old, now) ?? (old.replaced_by !== null ? `key ${id} was already rotated: rotate ${old.replaced_by} instead` : null);
    if (problem) return { ok: false, reason: 'not_active', message: problem } as const;
    const { record, key } = await insertKey(trx, {
      role: old.role,
      operatorCode: old.operator_code,
      holderRef: old.holder_ref,
      label: old.label,
      expiresAt: old.expires_at,
      createdBy: actor,
    });
    const graceEnd = new Date(Date.parse(now) + graceSeconds * 1000).toISOString();
    const oldExpiry = old.expires_at !== null && old.expires_at < graceEnd ? old.expires_at : graceEnd;
    await markReplaced(trx, id, record.id, oldExpiry);
    await audit(trx, { actor, action: 'key.rotated', entity: 'api_key', entityId: id, after: { replacedBy: record.id, expiresAt: oldExpiry } });
    return { ok: true, value: { view: keyView(record, now), key, replaced: keyView({ ...old, replaced_by: record.id, expires_at: oldExpiry }, now) } } as const;
  });
}
