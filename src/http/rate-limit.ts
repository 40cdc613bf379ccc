/**
 * Request rates: a token bucket per API key (by role), so one runaway client cannot starve the
 * others (one key once sent 49,718 requests in 20 s), and one per client address for failed
 * authentications (120,824 bad-key requests once went through in 15 s, each a database lookup).
 *
 * The buckets live in this process: with several nodes, each node limits on its own (a key may
 * make N requests per second per node). Answers `429` with `Retry-After` in whole seconds.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Role } from '../db/schema.ts';
import { errorResponse } from './errors.ts';
import type { AppEnv } from './types.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key, at most `maxEntries` of them (the least recently used is dropped first:
 * a dropped bucket was full or nearly, or its client went quiet).
 */
export class TokenBuckets<K> {
  private readonly buckets = new Map<K, Bucket>();

  constructor(private readonly maxEntries = 100_000) {}

  private refilled(key: K, perSecond: number, capacity: number, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key); // re-inserted below: Map order is recency
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
    } else {
      bucket = { tokens: capacity, at: now };
      if (this.buckets.size >= this.maxEntries) this.buckets.delete(this.buckets.keys().next().value as K);
    }
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Seconds until `key` has a token (0: it has one now), without taking it. */
  wait(key: K, perSecond: number, capacity: number, now: number): number {
    const bucket = this.refilled(key, perSecond, capacity, now);
    return bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / perSecond;
  }

  /** Takes a token when there is one; returns the seconds to wait otherwise (0: taken). */
  take(key: K, perSecond: number, capacity: number, now: number): number {
    const bucket = this.refilled(key, perSecond, capacity, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / perSecond;
  }
}

export type RateByRole = Record<Role, number>;

/**
 * How long a 429 is held before it is sent. A client looping over its connections as fast as the
 * server answers got ~7,700 cheap 429s a second from 64 connections (measured, bench/flood.ts),
 * a core's worth of work on a 2-core machine; held a second, each connection costs one answer a
 * second and a timer. A client within its limit never waits.
 */
export const REFUSAL_DELAY_MS = 1000;

/** 429 with `Retry-After` (whole seconds, at least 1), sent after `REFUSAL_DELAY_MS`. */
export async function tooManyRequests(c: Context, code: 'rate_limited' | 'too_many_failed_authentications', message: string, waitSeconds: number): Promise<Response> {
  await new Promise((r) => setTimeout(r, REFUSAL_DELAY_MS));
  c.header('Retry-After', String(Math.max(1, Math.ceil(waitSeconds - REFUSAL_DELAY_MS / 1000))));
  return errorResponse(c, 429, code, message);
}

/** After authentication: each key's requests per second, by its role (0 = unlimited). */
export function rateLimitPerKey(rates: RateByRole, burstSeconds: number, onLimited: () => void = () => {}): MiddlewareHandler<AppEnv> {
  const buckets = new TokenBuckets<string>();
  return async (c, next) => {
    const { keyId, role } = c.get('principal');
    const rate = rates[role];
    if (rate > 0) {
      const wait = buckets.take(keyId, rate, rate * burstSeconds, Date.now());
      if (wait > 0) {
        onLimited();
        return tooManyRequests(c, 'rate_limited', `this key may make ${rate} requests per second (${role}); retry after the Retry-After delay`, wait);
      }
    }
    await next();
  };
}

/** The address of the client's socket ('unknown' for requests that came without one, as in tests). */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
