/**
 * Applications for customs action: lodged by rights holders (or by customs on their behalf),
 * decided by customs, renewed by notification. A rights holder sees only its own (404 for others').
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { applicationHistory, findApplication, listApplications, toRecord } from '../../db/applications.ts';
import { ApplicationDecisionSchema, ApplicationFormSchema, RenewalSchema } from '../../domain/registry-forms.ts';
import { amendApplication, decideApplication, renewApplication, submitApplication, type Outcome, type RegistrySettings } from '../../registry/service.ts';
import { listLearntAliases } from '../../db/learnt-aliases.ts';
import { forgetLearntAlias } from '../../registry/learnt-aliases.ts';
import { today } from '../../domain/dates.ts';
import { requireRole } from '../auth.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv, Principal } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';
import { ACTORS } from '../../domain/events.ts';

const ListQuery = z.object({
  status: z.enum(['submitted', 'accepted', 'rejected', 'expired']).optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Rights holders are confined to their own applications; customs and admin see all. */
export function holderScope(p: Principal): string | null {
  return p.role === 'rightsholder' ? p.holderRef : null;
}

export const actor = (p: Principal) => ACTORS.roleKey(p.role, p.keyId);

function failure(c: Context<AppEnv>, outcome: Extract<Outcome<unknown>, { ok: false }>) {
  return errorResponse(c, outcome.reason === 'not_found' ? 404 : 409, outcome.reason, outcome.message);
}

export function applicationRoutes(db: Db, settings: RegistrySettings) {
  const app = new Hono<AppEnv>();
  const anyRegistryRole = requireRole('rightsholder', 'customs', 'admin');

  app.post('/', anyRegistryRole, async (c) => {
    const p = c.get('principal');
    const form = await parseBody(c, ApplicationFormSchema);
    if (!form.ok) return form.response;
    let holderRef: string;
    if (p.role === 'rightsholder') {
      if (form.value.holderRef && form.value.holderRef !== p.holderRef) {
        return errorResponse(c, 422, 'invalid_body', 'the request body is not valid', [{ path: 'holderRef', message: 'a rights holder lodges only its own applications' }]);
      }
      holderRef = p.holderRef!;
    } else {
      if (!form.value.holderRef) {
        return errorResponse(c, 422, 'invalid_body', 'the request body is not valid', [{ path: 'holderRef', message: 'is required when customs lodge on a holder’s behalf' }]);
      }
      holderRef = form.value.holderRef;
    }
    const { holderRef: _ignored, ...rest } = form.value;
    const record = await submitApplication(db, holderRef, rest, actor(p));
    return c.json(record, 201);
  });

  app.get('/', anyRegistryRole, async (c) => {
    const q = parseQuery(c, ListQuery);
    if (!q.ok) return q.response;
    const items = await listApplications(db, holderScope(c.get('principal')), q.value, today());
    return c.json({ items, nextCursor: items.length === q.value.limit ? items[items.length - 1]!.id : null });
  });

  app.get('/:id', anyRegistryRole, async (c) => {
    const row = await findApplication(db.kysely, c.req.param('id'), holderScope(c.get('principal')));
    if (!row) return errorResponse(c, 404, 'not_found', 'no such application');
    return c.json(toRecord(row, today()));
  });

  app.get('/:id/history', anyRegistryRole, async (c) => {
    const row = await findApplication(db.kysely, c.req.param('id'), holderScope(c.get('principal')));
    if (!row) return errorResponse(c, 404, 'not_found', 'no such application');
    return c.json({ items: await applicationHistory(db, row.id) });
  });

  // Spellings learnt from detentions and seizures: the holder sees its own, customs removes them.
  app.get('/:id/learnt-aliases', anyRegistryRole, async (c) => {
    const row = await findApplication(db.kysely, c.req.param('id'), holderScope(c.get('principal')));
    if (!row) return errorResponse(c, 404, 'not_found', 'no such application');
    return c.json({ items: await listLearntAliases(db.kysely, row.id) });
  });

  app.delete('/:id/learnt-aliases/:alias', requireRole('customs', 'admin'), async (c) => {
    const outcome = await forgetLearntAlias(db, c.req.param('id'), c.req.param('alias'), actor(c.get('principal')), settings);
    if (!outcome.ok) return failure(c, outcome);
    return c.json({ removed: outcome.value.removed, registryVersion: outcome.value.published.version, rescreenQueued: outcome.value.published.rescreenQueued });
  });

  app.put('/:id', anyRegistryRole, async (c) => {
    const p = c.get('principal');
    const form = await parseBody(c, ApplicationFormSchema);
    if (!form.ok) return form.response;
    const { holderRef: _ignored, ...rest } = form.value;
    const outcome = await amendApplication(db, c.req.param('id'), holderScope(p), rest, actor(p));
    return outcome.ok ? c.json(outcome.value) : failure(c, outcome);
  });

  app.post('/:id/decision', requireRole('customs', 'admin'), async (c) => {
    const decision = await parseBody(c, ApplicationDecisionSchema);
    if (!decision.ok) return decision.response;
    const outcome = await decideApplication(db, c.req.param('id'), decision.value, actor(c.get('principal')), settings);
    if (!outcome.ok) return failure(c, outcome);
    return c.json({ ...outcome.value.application, registryVersion: outcome.value.published?.version ?? null, rescreenQueued: outcome.value.published?.rescreenQueued ?? false });
  });

  app.post('/:id/renewals', anyRegistryRole, async (c) => {
    const p = c.get('principal');
    const renewal = await parseBody(c, RenewalSchema);
    if (!renewal.ok) return renewal.response;
    const outcome = await renewApplication(db, c.req.param('id'), holderScope(p), renewal.value, actor(p), settings);
    if (!outcome.ok) return failure(c, outcome);
    return c.json({ ...outcome.value.application, registryVersion: outcome.value.published.version, rescreenQueued: outcome.value.published.rescreenQueued });
  });

  return app;
}
