/**
 * What rights holders and operators receive: their webhook (signed pushes) and the same messages
 * by pull. Each sees only its own.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import { feed } from '../../db/outbox.ts';
import { requireRole } from '../auth.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv, Principal } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';
import { actor } from './applications.ts';
import { sign } from '../../workflow/signature.ts';
import { postWebhook, type PostLimits, type PostResult } from '../../workflow/webhook-post.ts';
import { checkTarget, type TargetPolicy } from '../../workflow/webhook-target.ts';

/** The outbox owner a key receives messages as. */
export function ownerOf(p: Principal): string {
  return p.role === 'rightsholder' ? `holder:${p.holderRef}` : `operator:${p.operatorCode}`;
}

const WebhookBody = z.object({
  url: z.string().max(2000),
  /** Omit to have one generated (returned once). */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});

export interface WebhookSettings {
  policy: TargetPolicy;
  limits: PostLimits;
}

/**
 * The registration ping: a signed `webhook.ping` to the new target. A target that redirects is
 * refused (deliveries never follow redirects, so it would never receive one); any other answer
 * registers it, and the answer is shown.
 */
async function ping(url: string, owner: string, secret: string, settings: WebhookSettings): Promise<PostResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const idempotencyKey = `ping:${randomBytes(8).toString('hex')}`;
  const body = JSON.stringify({ id: null, event: 'webhook.ping', idempotencyKey, createdAt: new Date().toISOString(), data: { owner } });
  const headers = { 'content-type': 'application/json', 'x-parcelscreen-event': 'webhook.ping', 'x-parcelscreen-timestamp': String(timestamp), 'x-parcelscreen-signature': sign(secret, timestamp, body), 'idempotency-key': idempotencyKey };
  return postWebhook(url, headers, body, settings.policy, settings.limits);
}

export function feedRoutes(db: Db, webhooks: WebhookSettings) {
  const app = new Hono<AppEnv>();
  const receivers = requireRole('rightsholder', 'operator');

  app.get('/notifications', receivers, async (c) => {
    const q = parseQuery(c, z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }));
    if (!q.ok) return q.response;
    const items = await feed(db, ownerOf(c.get('principal')), q.value.after, q.value.limit);
    return c.json({ items, next: items.length ? items[items.length - 1]!.id : q.value.after });
  });

  app.put('/webhooks', receivers, async (c) => {
    const parsed = await parseBody(c, WebhookBody, 'the webhook');
    if (!parsed.ok) return parsed.response;
    const { url } = parsed.value;
    const target = await checkTarget(url, webhooks.policy);
    if (!target.ok) return errorResponse(c, 422, 'invalid_body', 'the webhook is not valid', [{ path: 'url', message: target.reason }]);
    const owner = ownerOf(c.get('principal'));
    const secret = parsed.value.secret ?? randomBytes(24).toString('base64url');
    const answer = await ping(url, owner, secret, webhooks);
    if (!answer.ok && (answer.refused || /redirect/.test(answer.error))) return errorResponse(c, 422, 'invalid_body', 'the webhook is not valid', [{ path: 'url', message: answer.error }]);
    const now = new Date().toISOString();
    await db.kysely.transaction().execute(async (trx) => {
      // One statement: a delete and an insert let two concurrent PUTs of one owner collide on the key.
      await trx.insertInto('webhooks').values({ owner, url, secret, updated_at: now }).onConflict((oc) => oc.column('owner').doUpdateSet({ url, secret, updated_at: now })).execute();
      await audit(trx, { actor: actor(c.get('principal')), action: 'webhook.set', entity: 'webhook', entityId: owner, after: { url } });
    });
    // The secret is shown once, like an API key.
    return c.json({ owner, url, secret, ping: answer.ok ? { status: answer.status } : { error: answer.error } });
  });

  app.get('/webhooks', receivers, async (c) => {
    const row = await db.kysely.selectFrom('webhooks').select(['owner', 'url', 'updated_at']).where('owner', '=', ownerOf(c.get('principal'))).executeTakeFirst();
    return row ? c.json({ owner: row.owner, url: row.url, updatedAt: row.updated_at }) : errorResponse(c, 404, 'not_found', 'no webhook set');
  });

  return app;
}
