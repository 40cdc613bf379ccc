/**
 * Bearer API-key authentication and role checks. Resolved keys are cached briefly so that a busy
 * operator does not cost a database read per request; a revoked key stops working within the TTL,
 * an expired one at its expiry. Each use is counted for the key's last-used time (`KeyUsage`).
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/connect.ts';
import { findActiveKey, hashKey } from '../db/api-keys.ts';
import type { Role } from '../db/schema.ts';
import type { KeyUsage } from '../keys/usage.ts';
import { errorResponse } from './errors.ts';
import type { AppEnv, Principal } from './types.ts';

const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

interface CachedKey {
  principal: Principal | null;
  until: number;
  expiresAt: string | null;
}

/**
 * Resolved keys by the hash of their secret. A key revoked or rotated on this node is forgotten at
 * once (`forget`); on other nodes it stops within the TTL.
 */
export class KeyCache {
  private readonly entries = new Map<string, CachedKey>();

  get(hash: string): CachedKey | undefined {
    const entry = this.entries.get(hash);
    return entry && entry.until >= Date.now() ? entry : undefined;
  }

  set(hash: string, entry: CachedKey): void {
    if (this.entries.size >= CACHE_MAX) this.entries.clear();
    this.entries.set(hash, entry);
  }

  /** Rare (an admin's revocation or rotation): a walk over the cache is fine. */
  forget(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.principal?.keyId === keyId) this.entries.delete(hash);
  }
}

export function authenticate(db: Db, options: { usage?: KeyUsage; cache?: KeyCache } = {}): MiddlewareHandler<AppEnv> {
  const cache = options.cache ?? new KeyCache();
  const usage = options.usage;
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, 'unauthenticated', 'an API key is required: Authorization: Bearer <key>');
    }
    const key = match[1]!;
    const cacheKey = hashKey(key);
    let entry = cache.get(cacheKey);
    if (!entry) {
      const row = await findActiveKey(db, key);
      const principal: Principal | null = row
        ? { keyId: row.id, role: row.role, operatorCode: row.operator_code, holderRef: row.holder_ref }
        : null;
      entry = { principal, until: Date.now() + CACHE_TTL_MS, expiresAt: row?.expires_at ?? null };
      cache.set(cacheKey, entry);
    }
    if (!entry.principal || (entry.expiresAt !== null && entry.expiresAt <= new Date().toISOString())) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return errorResponse(c, 401, 'unauthenticated', 'the API key is not valid, was revoked or has expired');
    }
    usage?.touch(entry.principal.keyId);
    c.set('principal', entry.principal);
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!roles.includes(role)) {
      return errorResponse(c, 403, 'forbidden', `this endpoint is for: ${roles.join(', ')}`);
    }
    await next();
  };
}

/** Operators are confined to their own manifests; customs and admin read every operator's. */
export function operatorScope(principal: Principal): string | null {
  return principal.role === 'operator' ? principal.operatorCode : null;
}
