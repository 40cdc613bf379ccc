/**
 * Bearer API-key authentication and role checks. Resolved keys are cached briefly so that a busy
 * operator does not cost a database read per request; a revoked key stops working within the TTL,
 * an expired one at its expiry. Each use is counted for the key's last-used time (`KeyUsage`).
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
import type { KeyUsage } from '../keys/usage.ts';
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

interface CachedKey {
  principal: Principal;
  until: number;
  expiresAt: string | null;
}

/** A map of at most `max` entries that drops its oldest entry to make room. */
function remember<V>(map: Map<string, V>, max: number, key: string, value: V) {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * Resolved keys by the hash of their secret, valid and unknown ones apart. A key revoked or rotated
 * on this node is forgotten at once (`forget`); on other nodes it stops within the TTL.
 */
export class KeyCache {
  private readonly known = new Map<string, CachedKey>();
  private readonly unknown = new Map<string, number>();

  get(hash: string, now: number): CachedKey | undefined {
    const entry = this.known.get(hash);
    return entry && entry.until >= now ? entry : undefined;
  }

  set(hash: string, entry: CachedKey): void {
    this.unknown.delete(hash);
    remember(this.known, CACHE_MAX, hash, entry);
  }

  isKnownUnknown(hash: string, now: number): boolean {
    return (this.unknown.get(hash) ?? 0) >= now;
  }

  setUnknown(hash: string, until: number): void {
    this.known.delete(hash);
    remember(this.unknown, UNKNOWN_CACHE_MAX, hash, until);
  }

  /** Rare (an admin's revocation or rotation): a walk over the cache is fine. */
  forget(keyId: string): void {
    for (const [hash, entry] of this.known) if (entry.principal.keyId === keyId) this.known.delete(hash);
  }
}

export interface AuthOptions {
  usage?: KeyUsage;
  cache?: KeyCache;
  limits?: AuthLimits;
}

export function authenticate(db: Db, options: AuthOptions = {}): MiddlewareHandler<AppEnv> {
  const cache = options.cache ?? new KeyCache();
  const usage = options.usage;
  const limits = options.limits ?? { failuresPerMinute: 0 };
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
    let entry = cacheKey ? cache.get(cacheKey, now) : undefined;
    if (!entry) {
      if (limits.failuresPerMinute > 0) {
        const wait = failures.wait(address, perSecond, capacity, now);
        if (wait > 0) {
          limits.onLimited?.();
          return tooManyRequests(c, 'too_many_failed_authentications', `this address failed to authenticate more than ${limits.failuresPerMinute} times a minute; retry after the Retry-After delay`, wait);
        }
      }
      if (!match || !cacheKey) return refuse('an API key is required: Authorization: Bearer <key>', 'Bearer');
      if (cache.isKnownUnknown(cacheKey, now)) return refuse('the API key is not valid, was revoked or has expired', 'Bearer error="invalid_token"');
      const row = await findActiveKey(db, match[1]!);
      if (!row) {
        cache.setUnknown(cacheKey, now + CACHE_TTL_MS);
        return refuse('the API key is not valid, was revoked or has expired', 'Bearer error="invalid_token"');
      }
      entry = { principal: { keyId: row.id, role: row.role, operatorCode: row.operator_code, holderRef: row.holder_ref }, until: now + CACHE_TTL_MS, expiresAt: row.expires_at };
      cache.set(cacheKey, entry);
    }
    if (entry.expiresAt !== null && entry.expiresAt <= new Date(now).toISOString()) {
      return refuse('the API key is not valid, was revoked or has expired', 'Bearer error="invalid_token"');
    }
    usage?.touch(entry.principal.keyId);
    c.set('principal', entry.principal);
    await next();
  };
}
