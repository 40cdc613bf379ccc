/**
 * Bearer API-key authentication and role checks. Resolved keys are cached briefly so that a busy
 * operator does not cost a database read per request; a revoked key stops working within the TTL.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/connect.ts';
import { findActiveKey, hashKey } from '../db/api-keys.ts';
import type { Role } from '../db/schema.ts';
import { errorResponse } from './errors.ts';
import type { AppEnv, Principal } from './types.ts';

const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

export function authenticate(db: Db): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, { principal: Principal | null; until: number }>();
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
    if (!entry || entry.until < Date.now()) {
      const row = await findActiveKey(db, key);
      const principal: Principal | null = row
        ? { keyId: row.id, role: row.role, operatorCode: row.operator_code, holderRef: row.holder_ref }
        : null;
      entry = { principal, until: Date.now() + CACHE_TTL_MS };
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(cacheKey, entry);
    }
    if (!entry.principal) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return errorResponse(c, 401, 'unauthenticated', 'the API key is not valid or was revoked');
    }
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
