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

/** The outbox owner a key receives messages as. */
export function ownerOf(p: Principal): string {
  return p.role === 'rightsholder' ? `holder:${p.holderRef}` : `operator:${p.operatorCode}`;
}

const WebhookBody = z.object({
  url: z.url({ message: 'must be an http(s) URL' }).refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
  /** Omit to have one generated (returned once). */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});

export function feedRoutes(db: Db) {
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
    const owner = ownerOf(c.get('principal'));
    const secret = parsed.value.secret ?? randomBytes(24).toString('base64url');
    const now = new Date().toISOString();
    await db.kysely.transaction().execute(async (trx) => {
      // One statement: a delete and an insert let two concurrent PUTs of one owner collide on the key.
      await trx.insertInto('webhooks').values({ owner, url, secret, updated_at: now }).onConflict((oc) => oc.column('owner').doUpdateSet({ url, secret, updated_at: now })).execute();
      await audit(trx, { actor: actor(c.get('principal')), action: 'webhook.set', entity: 'webhook', entityId: owner, after: { url } });
    });
    // The secret is shown once, like an API key.
    return c.json({ owner, url, secret });
  });

  app.get('/webhooks', receivers, async (c) => {
    const row = await db.kysely.selectFrom('webhooks').select(['owner', 'url', 'updated_at']).where('owner', '=', ownerOf(c.get('principal'))).executeTakeFirst();
    return row ? c.json({ owner: row.owner, url: row.url, updatedAt: row.updated_at }) : errorResponse(c, 404, 'not_found', 'no webhook set');
  });

  return app;
}
