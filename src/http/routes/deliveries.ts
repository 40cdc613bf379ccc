/**
 * Webhook deliveries for their owner: what was pushed, what failed and why, what is tried next,
 * and a redelivery by hand. Operators and rights holders see their own messages only; an admin
 * reads any one owner's (naming it), to help a customer whose receiver fails; customs has no
 * part in the delivery of other parties' messages.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { actor, ownerOf } from '../access.ts';
import { operation, serve } from '../operation.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { DELIVERY_STATUSES } from '../../db/outbox.ts';
import { ownerDeliveries, redeliver } from '../../workflow/deliveries.ts';
import { DeliveryPageSchema, DeliverySchema, type DeliveryBody } from '../contract.ts';
import { errorResponse } from '../errors.ts';
import { CursorSchema, LimitSchema, nextCursor } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseQuery } from '../validate.ts';

const DeliveryListQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  event: z.string().min(1).max(100).optional(),
  /** Admin only: `operator:<code>` or `holder:<ref>`. */
  owner: z
    .string()
    .max(120)
    .regex(/^(operator|holder):.+$/, 'must be operator:<code> or holder:<reference>')
    .transform((o) => (o.startsWith('operator:') ? `operator:${o.slice('operator:'.length).toUpperCase()}` : o))
    .optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});

const ListDeliveries = operation({
  method: 'get',
  path: '/',
  operationId: 'listWebhookDeliveries',
  tag: 'operator',
  access: ['operator', 'rightsholder', 'admin'],
  summary: 'Webhook deliveries, newest first (operator, rightsholder: their own messages; admin: one owner’s, named)',
  description: 'Each message’s status, attempts, next try and last error; never its payload (GET /v1/notifications serves that).',
  query: DeliveryListQuery,
  answers: { 200: { description: 'A page', json: DeliveryPageSchema } },
  errors: { 400: 'invalid_query: a bad or unknown query parameter; owner missing (admin) or given (others)' },
});

const Redeliver = operation({
  method: 'post',
  path: '/{id}/redeliver',
  operationId: 'redeliverWebhookMessage',
  tag: 'operator',
  access: ['operator', 'rightsholder'],
  summary: 'Send one of your messages again, now (audited)',
  description: 'The message becomes due at once, whatever its status (a delivered one is sent again with the same Idempotency-Key), and your deliveries’ pause after failures is lifted on the node that answers.',
  answers: { 202: { description: 'Due now', json: DeliverySchema } },
  errors: { 404: 'not_found: unknown, or another owner’s', 409: 'no_webhook: messages are read by pull' },
});

/** `onRedeliver(owner)`: lifts the owner's pause in this node's deliverer, so the message goes at once. */
export function deliveryRoutes(db: Db, onRedeliver: (owner: string) => void) {
  const app = new OpenAPIHono<AppEnv>();

  serve(app, ListDeliveries, async (c) => {
    const q = parseQuery(c, DeliveryListQuery);
    if (!q.ok) return q.response;
    const principal = c.get('principal');
    const { status, event, owner: named, cursor, limit } = q.value;
    let owner: string;
    if (principal.role === 'admin') {
      if (named === undefined) return errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', [{ path: 'query.owner', message: 'an admin names the owner: operator:<code> or holder:<reference>' }]);
      owner = named;
    } else {
      if (named !== undefined) return errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', [{ path: 'query.owner', message: 'only an admin chooses the owner; yours are the messages sent to you' }]);
      owner = ownerOf(principal);
    }
    const items = await ownerDeliveries(db, { owner, status, event, before: cursor, limit });
    return c.json({ items: items satisfies DeliveryBody[], nextCursor: nextCursor(items, limit) });
  });

  serve(app, Redeliver, async (c) => {
    const raw = c.req.param('id');
    if (!/^[1-9]\d{0,14}$/.test(raw)) return errorResponse(c, 404, 'not_found', 'no such message');
    const id = Number(raw);
    const owner = ownerOf(c.get('principal'));
    const outcome = await redeliver(db, id, owner, actor(c.get('principal')));
    if (!outcome.ok) {
      return outcome.reason === 'not_found'
        ? errorResponse(c, 404, 'not_found', 'no such message')
        : errorResponse(c, 409, 'no_webhook', 'no webhook is set: messages are read by pull (GET /v1/notifications); set one with PUT /v1/webhooks');
    }
    onRedeliver(owner);
    return c.json(outcome.value satisfies DeliveryBody, 202);
  });

  return app;
}
