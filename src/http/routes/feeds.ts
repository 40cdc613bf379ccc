/**
 * What rights holders and operators receive: their webhook (signed pushes) and the same messages
 * by pull. Each sees only its own.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { actor, ownerOf } from '../access.ts';
import { NotificationPageSchema, WebhookSchema, WebhookSetSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { feed } from '../../db/outbox.ts';
import { errorResponse } from '../errors.ts';
import { LimitSchema } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';
import { findWebhook } from '../../db/webhooks.ts';
import { registerWebhook, type WebhookSettings } from '../../workflow/webhooks.ts';

const NotificationsQuery = z.object({ after: z.coerce.number().int().min(0).default(0).describe('the `next` of the previous answer'), limit: LimitSchema });

const WebhookBody = z.object({
  url: z.string().max(2000),
  /** Omit to have one generated (returned once). */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});

export type { WebhookSettings };

const receivers = ['rightsholder', 'operator'] as const;

const ReadNotifications = operation({
  method: 'get',
  path: '/notifications',
  operationId: 'readNotifications',
  tag: 'rights holder',
  access: receivers,
  summary: 'Your messages by pull, oldest first: the same events the webhook pushes',
  query: NotificationsQuery,
  answers: { 200: { description: 'Messages after `after`', json: NotificationPageSchema } },
});

const SetWebhook = operation({
  method: 'put',
  path: '/webhooks',
  operationId: 'setWebhook',
  tag: 'rights holder',
  access: receivers,
  summary: 'Set the webhook: https to a public address; pinged once, signed',
  body: { json: WebhookBody, required: true },
  answers: { 200: { description: 'Set; the signing secret is shown once, with the ping answer', json: WebhookSetSchema } },
  errors: {
    400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
    415: 'unsupported_media_type: not JSON',
    422: 'invalid_body: url refused (not https, private or special address, credentials, non-standard IPv4 form, or a target that redirects), or a short secret',
  },
});

const GetWebhook = operation({
  method: 'get',
  path: '/webhooks',
  operationId: 'getWebhook',
  tag: 'rights holder',
  access: receivers,
  summary: 'The webhook set',
  answers: { 200: { description: 'The webhook', json: WebhookSchema } },
  errors: { 404: 'not_found: none set' },
});

export function feedRoutes(db: Db, webhooks: WebhookSettings) {
  const app = new OpenAPIHono<AppEnv>();

  serve(app, ReadNotifications, async (c) => {
    const q = parseQuery(c, NotificationsQuery);
    if (!q.ok) return q.response;
    const items = await feed(db, ownerOf(c.get('principal')), q.value.after, q.value.limit);
    return c.json({ items, next: items.length ? items[items.length - 1]!.id : q.value.after });
  });

  serve(app, SetWebhook, async (c) => {
    const parsed = await parseBody(c, WebhookBody, 'the webhook');
    if (!parsed.ok) return parsed.response;
    const p = c.get('principal');
    const result = await registerWebhook(db, ownerOf(p), parsed.value.url, parsed.value.secret, actor(p), webhooks);
    if (!result.ok) return errorResponse(c, 422, 'invalid_body', 'the webhook is not valid', [{ path: 'url', message: result.reason }]);
    // The secret is shown once, like an API key.
    const { ok: _ok, ...shown } = result;
    return c.json(shown);
  });

  serve(app, GetWebhook, async (c) => {
    const row = await findWebhook(db, ownerOf(c.get('principal')));
    return row ? c.json({ owner: row.owner, url: row.url, updatedAt: row.updated_at }) : errorResponse(c, 404, 'not_found', 'no webhook set');
  });

  return app;
}
