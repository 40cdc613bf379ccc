/**
 * Bearer API-key authentication and role checks. Resolved keys are cached briefly so that a busy
 * operator does not cost a database read per request; a revoked key stops working within the TTL.
 *
 * Failed authentications are limited per client address (`AUTH_FAILURES_PER_MINUTE`): once an
 * address has spent them, its requests get 429 without a database lookup, unless they carry a key
 * already known to be valid (a client behind the same address as an attacker keeps working).
 * Unknown keys are cached apart from valid ones, so a flood of made-up keys cannot push the valid
 * keys out of the cache.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/connect.ts';
import { findActiveKey, hashKey } from '../db/api-keys.ts';
import type { Role } from '../db/schema.ts';
import { errorResponse } from './errors.ts';
import { clientAddress, TokenBuckets, tooManyRequests } from './rate-limit.ts';
import type { AppEnv, Principal } from './types.ts';

const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;
const UNKNOWN_CACHE_MAX = 1_000;

export interface AuthLimits {
  /** Failed authentications per minute per client address; 0 = unlimited. */
  failuresPerMinute: number;
  onLimited?: () => void;
}

/** A map of at most `max` entries that drops its oldest entry to make room. */
function remember<V>(map: Map<string, V>, max: number, key: string, value: V) {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

export function authenticate(db: Db, limits: AuthLimits = { failuresPerMinute: 0 }): MiddlewareHandler<AppEnv> {
  const known = new Map<string, { principal: Principal; until: number }>();
  const unknown = new Map<string, number>();
  const failures = new TokenBuckets<string>();
  const perSecond = limits.failuresPerMinute / 60;
  const capacity = limits.failuresPerMinute;

  return async (c, next) => {
    const now = Date.now();
    const address = limits.failuresPerMinute > 0 ? clientAddress(c) : '';
    const refuse = (message: string, challenge: string) => {
      if (limits.failuresPerMinute > 0) failures.take(address, perSecond, capacity, now);
      c.header('WWW-Authenticate', challenge);
      return errorResponse(c, 401, 'unauthenticated', message);
    };
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const cacheKey = match ? hashKey(match[1]!) : null;
    let entry = cacheKey ? known.get(cacheKey) : undefined;
    if (!entry || entry.until < now) {
      if (limits.failuresPerMinute > 0) {
        const wait = failures.wait(address, perSecond, capacity, now);
        if (wait > 0) {
          limits.onLimited?.();
          return tooManyRequests(c, 'too_many_failed_authentications', `this address failed to authenticate more than ${limits.failuresPerMinute} times a minute; retry after the Retry-After delay`, wait);
        }
      }
      if (!match || !cacheKey) return refuse('an API key is required: Authorization: Bearer <key>', 'Bearer');
      if ((unknown.get(cacheKey) ?? 0) >= now) return refuse('the API key is not valid or was revoked', 'Bearer error="invalid_token"');
      const row = await findActiveKey(db, match[1]!);
      if (!row) {
        remember(unknown, UNKNOWN_CACHE_MAX, cacheKey, now + CACHE_TTL_MS);
        known.delete(cacheKey);
        return refuse('the API key is not valid or was revoked', 'Bearer error="invalid_token"');
      }
      entry = { principal: { keyId: row.id, role: row.role, operatorCode: row.operator_code, holderRef: row.holder_ref }, until: now + CACHE_TTL_MS };
      remember(known, CACHE_MAX, cacheKey, entry);
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
