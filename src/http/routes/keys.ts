/**
 * API keys for admins, without a shell on the server: create (the secret is in the answer once),
 * list with what each key is for and when it was last used, revoke, rotate.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actor, requireRole } from '../access.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { listKeys } from '../../db/api-keys.ts';
import { ROLES } from '../../db/schema.ts';
import { KeySpecSchema, RotationSchema } from '../../keys/spec.ts';
import { createKey, keyView, revokeKey, rotateKey, type KeyChange } from '../../keys/service.ts';
import { errorResponse } from '../errors.ts';
import { LimitSchema, nextTimeCursor, TimeCursorSchema } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { KeyPageSchema, KeySchema, NewKeySchema, RotatedKeySchema, type KeyBody } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import { parseBody, parseQuery } from '../validate.ts';

const KeyListQuery = z.object({
  role: z.enum(ROLES).optional(),
  operator: z.string().max(50).optional(),
  holder: z.string().max(100).optional(),
  state: z.enum(['active', 'revoked', 'expired']).optional(),
  cursor: TimeCursorSchema.optional(),
  limit: LimitSchema,
});

const admin = ['admin'] as const;

const CreateKey = operation({
  method: 'post',
  path: '/',
  operationId: 'createKey',
  tag: 'admin',
  access: admin,
  summary: 'Create an API key; the secret is in this answer only',
  description: 'operator is required for, and only allowed with, role operator; holder likewise with rightsholder.',
  body: { json: KeySpecSchema, required: true },
  answers: { 201: { description: 'Created', json: NewKeySchema } },
  errors: { 400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read', 415: 'unsupported_media_type: not JSON', 422: 'invalid_body: options that do not fit the role, or a past expiry' },
});

const ListKeys = operation({
  method: 'get',
  path: '/',
  operationId: 'listKeys',
  tag: 'admin',
  access: admin,
  summary: 'API keys, newest first',
  query: KeyListQuery,
  answers: { 200: { description: 'A page', json: KeyPageSchema } },
});

const RevokeKey = operation({
  method: 'delete',
  path: '/{id}',
  operationId: 'revokeKey',
  tag: 'admin',
  access: admin,
  summary: 'Revoke a key: it stops at once on this node, within 30 s on others',
  answers: { 200: { description: 'Revoked', json: KeySchema } },
  errors: { 404: 'not_found: unknown key', 409: 'key_not_active: already revoked' },
});

const RotateKey = operation({
  method: 'post',
  path: '/{id}/rotate',
  operationId: 'rotateKey',
  tag: 'admin',
  access: admin,
  summary: 'Rotate a key: a new key; the old one works for graceSeconds more (default KEY_ROTATION_GRACE_SECONDS)',
  body: { json: RotationSchema, required: false },
  answers: { 201: { description: 'The new key, and the old one with its new expiry', json: RotatedKeySchema } },
  errors: { 400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read', 404: 'not_found: unknown key', 409: 'key_not_active: revoked, expired or rotated before', 415: 'unsupported_media_type: not JSON', 422: 'invalid_body: the rotation is not valid' },
});

export interface KeyRouteSettings {
  /** How long a rotated key keeps working when the request does not say. */
  rotationGraceSeconds: number;
  /** Drops a key from this node's authentication cache: a revocation or rotation holds here at once. */
  forget: (keyId: string) => void;
}

function failure(c: Context<AppEnv>, outcome: Extract<KeyChange<unknown>, { ok: false }>) {
  return outcome.reason === 'not_found' ? errorResponse(c, 404, 'not_found', 'no such key') : errorResponse(c, 409, 'key_not_active', outcome.message);
}

export function keyRoutes(db: Db, settings: KeyRouteSettings) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requireRole('admin'));

  serve(app, CreateKey, async (c) => {
    const spec = await parseBody(c, KeySpecSchema, 'the key');
    if (!spec.ok) return spec.response;
    const { view, key } = await createKey(db, spec.value, actor(c.get('principal')));
    return c.json({ ...(view satisfies KeyBody), key }, 201);
  });

  serve(app, ListKeys, async (c) => {
    const q = parseQuery(c, KeyListQuery);
    if (!q.ok) return q.response;
    const { role, operator, holder, state, cursor, limit } = q.value;
    const now = new Date().toISOString();
    const rows = await listKeys(db, { role, operatorCode: operator?.toUpperCase(), holderRef: holder, state, now, after: cursor, limit });
    return c.json({ items: rows.map((r) => keyView(r, now)), nextCursor: nextTimeCursor(rows, limit, (r) => ({ at: r.created_at, id: r.id })) });
  });

  serve(app, RevokeKey, async (c) => {
    const outcome = await revokeKey(db, c.req.param('id'), actor(c.get('principal')));
    if (!outcome.ok) return failure(c, outcome);
    settings.forget(outcome.value.id);
    return c.json(outcome.value);
  });

  serve(app, RotateKey, async (c) => {
    const body = await parseBody(c, RotationSchema, 'the rotation');
    if (!body.ok) return body.response;
    const grace = body.value.graceSeconds ?? settings.rotationGraceSeconds;
    const outcome = await rotateKey(db, c.req.param('id'), grace, actor(c.get('principal')));
    if (!outcome.ok) return failure(c, outcome);
    settings.forget(outcome.value.replaced.id);
    return c.json({ ...outcome.value.view, key: outcome.value.key, replaces: outcome.value.replaced }, 201);
  });

  return app;
}
