/**
 * What rights holders and operators receive: their webhook (signed pushes) and the same messages
 * by pull. Each sees only its own.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { feed } from '../../db/outbox.ts';
import { requireRole } from '../auth.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv, Principal } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';
import { actor } from './applications.ts';
import { findWebhook } from '../../db/webhooks.ts';
import { registerWebhook, type WebhookSettings } from '../../workflow/webhooks.ts';
import { holderOwner, operatorOwner } from '../../domain/events.ts';

/** The outbox owner a key receives messages as. */
export function ownerOf(p: Principal): string {
  // Keys of these roles are created with their holder or operator (src/keys/spec.ts).
  return p.role === 'rightsholder' ? holderOwner(p.holderRef!) : operatorOwner(p.operatorCode!);
}

const WebhookBody = z.object({
  url: z.string().max(2000),
  /** Omit to have one generated (returned once). */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});

export type { WebhookSettings };

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
    const p = c.get('principal');
    const result = await registerWebhook(db, ownerOf(p), parsed.value.url, parsed.value.secret, actor(p), webhooks);
    if (!result.ok) return errorResponse(c, 422, 'invalid_body', 'the webhook is not valid', [{ path: 'url', message: result.reason }]);
    // The secret is shown once, like an API key.
    const { ok: _ok, ...shown } = result;
    return c.json(shown);
  });

  app.get('/webhooks', receivers, async (c) => {
    const row = await findWebhook(db, ownerOf(c.get('principal')));
    return row ? c.json({ owner: row.owner, url: row.url, updatedAt: row.updated_at }) : errorResponse(c, 404, 'not_found', 'no webhook set');
  });

  return app;
}
