/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the receiver's secret, sent as
 * `X-Parcelscreen-Signature: v1=<hex>` with `X-Parcelscreen-Timestamp: <unix seconds>`. The README
 * gives the same recipe for receivers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Verifies a signature, refusing timestamps further than `toleranceSeconds` from now (replays). */
export function verify(secret: string, timestamp: number, body: string, signature: string, toleranceSeconds = 300, now = Date.now()): boolean {
  if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
