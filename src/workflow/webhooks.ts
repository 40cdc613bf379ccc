/**
 * Registering an owner's webhook: the target is checked (webhook-target.ts), sent a signed
 * `webhook.ping`, and stored with its audit entry. A target that redirects is refused (deliveries
 * never follow redirects, so it would never receive one); any other answer registers it, and the
 * answer is shown. The API (`PUT /v1/webhooks`) and the console both call this.
 */
import { randomBytes } from 'node:crypto';
import { audit } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { upsertWebhook } from '../db/webhooks.ts';
import { sign } from './signature.ts';
import { postWebhook, type PostLimits, type PostResult } from './webhook-post.ts';
import { checkTarget, type TargetPolicy } from './webhook-target.ts';
import { inTransaction } from '../db/transaction.ts';

export interface WebhookSettings {
  policy: TargetPolicy;
  limits: PostLimits;
}

async function ping(url: string, owner: string, secret: string, settings: WebhookSettings): Promise<PostResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const idempotencyKey = `ping:${randomBytes(8).toString('hex')}`;
  const body = JSON.stringify({ id: null, event: 'webhook.ping', idempotencyKey, createdAt: new Date().toISOString(), data: { owner } });
  const headers = { 'content-type': 'application/json', 'x-parcelscreen-event': 'webhook.ping', 'x-parcelscreen-timestamp': String(timestamp), 'x-parcelscreen-signature': sign(secret, timestamp, body), 'idempotency-key': idempotencyKey };
  return postWebhook(url, headers, body, settings.policy, settings.limits);
}

export type WebhookRegistration =
  | { ok: true; owner: string; url: string; secret: string; ping: { status: number } | { error: string } }
  | { ok: false; reason: string };

/** `secret`: the owner's own, or one is generated (shown once, like an API key). */
export async function registerWebhook(db: Db, owner: string, url: string, secret: string | undefined, actor: string, settings: WebhookSettings): Promise<WebhookRegistration> {
  const target = await checkTarget(url, settings.policy);
  if (!target.ok) return { ok: false, reason: target.reason };
  const key = secret ?? randomBytes(24).toString('base64url');
  const answer = await ping(url, owner, key, settings);
  if (!answer.ok && (answer.refused || /redirect/.test(answer.error))) return { ok: false, reason: answer.error };
  await inTransaction(db, async (trx) => {
    await upsertWebhook(trx, { owner, url, secret: key, at: new Date().toISOString() });
    await audit(trx, { actor, action: 'webhook.set', entity: 'webhook', entityId: owner, after: { url } });
  });
  return { ok: true, owner, url, secret: key, ping: answer.ok ? { status: answer.status } : { error: answer.error } };
}
