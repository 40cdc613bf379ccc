/**
 * Applications for customs action: lodged by rights holders (or by customs on their behalf),
 * decided by customs, renewed by notification. A rights holder sees only its own (404 for others').
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actor, holderScope } from '../access.ts';
import { ItemsSchema, RecordSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { applicationHistory, findApplication, listApplications, toRecord } from '../../db/applications.ts';
import { ApplicationDecisionSchema, ApplicationFormSchema, RenewalSchema } from '../../domain/registry-forms.ts';
import { amendApplication, decideApplication, renewApplication, submitApplication, type Outcome, type RegistrySettings } from '../../registry/service.ts';
import { listLearntAliases } from '../../db/learnt-aliases.ts';
import { forgetLearntAlias } from '../../registry/learnt-aliases.ts';
import { today } from '../../domain/dates.ts';
import { errorResponse } from '../errors.ts';
import { LimitSchema } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseBody, parseQuery } from '../validate.ts';

const ListQuery = z.object({
  status: z.enum(['submitted', 'accepted', 'rejected', 'expired']).optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  after: z.string().max(64).optional(),
  limit: LimitSchema,
});

const registryRoles = ['rightsholder', 'customs', 'admin'] as const;
const customs = ['customs', 'admin'] as const;
const formErrors = {
  400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
  415: 'unsupported_media_type: not JSON',
  422: 'invalid_body: the form is not valid (field errors)',
} as const;
const Application = RecordSchema('an application: {id, holderRef, status, validFrom, validUntil, form, …}');
const Published = 'registryVersion (null when nothing was published) and rescreenQueued: whether parcels under control are being marked for re-screening';

const SubmitApplication = operation({
  method: 'post',
  path: '/',
  operationId: 'submitApplication',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'Lodge an application for action (rightsholder; customs and admin on a holder’s behalf, naming holderRef)',
  body: { json: ApplicationFormSchema, required: true },
  answers: { 201: { description: 'Submitted', json: Application } },
  errors: formErrors,
});

const ListApplications = operation({
  method: 'get',
  path: '/',
  operationId: 'listApplications',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'Applications (a rights holder sees its own)',
  query: ListQuery,
  answers: { 200: { description: 'A page; nextCursor is the id to pass as ?after=', json: z.object({ items: z.array(Application), nextCursor: z.string().nullable() }) } },
});

const GetApplication = operation({
  method: 'get',
  path: '/{id}',
  operationId: 'getApplication',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'One application',
  answers: { 200: { description: 'The application', json: Application } },
  errors: { 404: 'not_found: unknown, or another holder’s' },
});

const ApplicationHistory = operation({
  method: 'get',
  path: '/{id}/history',
  operationId: 'getApplicationHistory',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'The life cycle of an application',
  answers: { 200: { description: 'Its events, oldest first', json: ItemsSchema('an event of the application') } },
  errors: { 404: 'not_found: unknown, or another holder’s' },
});

const LearntAliases = operation({
  method: 'get',
  path: '/{id}/learnt-aliases',
  operationId: 'listLearntAliases',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'Spellings of the application’s marks learnt from detentions and seizures',
  answers: { 200: { description: 'The aliases', json: ItemsSchema('a learnt alias') } },
  errors: { 404: 'not_found: unknown, or another holder’s' },
});

const ForgetLearntAlias = operation({
  method: 'delete',
  path: '/{id}/learnt-aliases/{alias}',
  operationId: 'forgetLearntAlias',
  tag: 'customs',
  access: customs,
  summary: 'Remove a learnt spelling; publishes a registry version',
  answers: { 200: { description: '{removed, registryVersion, rescreenQueued}', json: RecordSchema('the removal') } },
  errors: { 404: 'not_found: unknown application or alias', 409: 'conflict: the registry changed meanwhile' },
});

const AmendApplication = operation({
  method: 'put',
  path: '/{id}',
  operationId: 'amendApplication',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'Amend a submitted or rejected application (resubmits it)',
  body: { json: ApplicationFormSchema, required: true },
  answers: { 200: { description: 'Resubmitted', json: Application } },
  errors: { ...formErrors, 404: 'not_found: unknown, or another holder’s', 409: 'conflict: accepted (renew instead) or expired' },
});

const DecideApplication = operation({
  method: 'post',
  path: '/{id}/decision',
  operationId: 'decideApplication',
  tag: 'customs',
  access: customs,
  summary: 'Accept or reject a submitted application',
  body: { json: ApplicationDecisionSchema, required: true },
  answers: { 200: { description: `The application, with ${Published}`, json: Application } },
  errors: { ...formErrors, 404: 'not_found: unknown application', 409: 'conflict: not submitted' },
});

const RenewApplication = operation({
  method: 'post',
  path: '/{id}/renewals',
  operationId: 'renewApplication',
  tag: 'rights holder',
  access: registryRoles,
  summary: 'Renew an accepted application by notification, with evidence',
  body: { json: RenewalSchema, required: true },
  answers: { 200: { description: `Validity extended: the application, with ${Published}`, json: Application } },
  errors: { ...formErrors, 404: 'not_found: unknown, or another holder’s', 409: 'conflict: not accepted' },
});

function failure(c: Context<AppEnv>, outcome: Extract<Outcome<unknown>, { ok: false }>) {
  return errorResponse(c, outcome.reason === 'not_found' ? 404 : 409, outcome.reason, outcome.message);
}

export function applicationRoutes(db: Db, settings: RegistrySettings) {
  const app = new OpenAPIHono<AppEnv>();

  serve(app, SubmitApplication, async (c) => {
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

  serve(app, ListApplications, async (c) => {
    const q = parseQuery(c, ListQuery);
    if (!q.ok) return q.response;
    const items = await listApplications(db, holderScope(c.get('principal')), q.value, today());
    return c.json({ items, nextCursor: items.length === q.value.limit ? items[items.length - 1]!.id : null });
  });

  serve(app, GetApplication, async (c) => {
    const row = await findApplication(db.kysely, c.req.param('id'), holderScope(c.get('principal')));
    if (!row) return errorResponse(c, 404, 'not_found', 'no such application');
    return c.json(toRecord(row, today()));
  });

  serve(app, ApplicationHistory, async (c) => {
    const row = await findApplication(db.kysely, c.req.param('id'), holderScope(c.get('principal')));
    if (!row) return errorResponse(c, 404, 'not_found', 'no such application');
    return c.json({ items: await applicationHistory(db, row.id) });
  });

  // Spellings learnt from detentions and seizures: the holder sees its own, customs removes them.
  serve(app, LearntAliases, async (c) => {
    const row = await findApplication(db.kysely, c.req.param('id'), holderScope(c.get('principal')));
    if (!row) return errorResponse(c, 404, 'not_found', 'no such application');
    return c.json({ items: await listLearntAliases(db.kysely, row.id) });
  });

  serve(app, ForgetLearntAlias, async (c) => {
    const outcome = await forgetLearntAlias(db, c.req.param('id'), c.req.param('alias'), actor(c.get('principal')), settings);
    if (!outcome.ok) return failure(c, outcome);
    return c.json({ removed: outcome.value.removed, registryVersion: outcome.value.published.version, rescreenQueued: outcome.value.published.rescreenQueued });
  });

  serve(app, AmendApplication, async (c) => {
    const p = c.get('principal');
    const form = await parseBody(c, ApplicationFormSchema);
    if (!form.ok) return form.response;
    const { holderRef: _ignored, ...rest } = form.value;
    const outcome = await amendApplication(db, c.req.param('id'), holderScope(p), rest, actor(p));
    return outcome.ok ? c.json(outcome.value) : failure(c, outcome);
  });

  serve(app, DecideApplication, async (c) => {
    const decision = await parseBody(c, ApplicationDecisionSchema);
    if (!decision.ok) return decision.response;
    const outcome = await decideApplication(db, c.req.param('id'), decision.value, actor(c.get('principal')), settings);
    if (!outcome.ok) return failure(c, outcome);
    return c.json({ ...outcome.value.application, registryVersion: outcome.value.published?.version ?? null, rescreenQueued: outcome.value.published?.rescreenQueued ?? false });
  });

  serve(app, RenewApplication, async (c) => {
    const p = c.get('principal');
    const renewal = await parseBody(c, RenewalSchema);
    if (!renewal.ok) return renewal.response;
    const outcome = await renewApplication(db, c.req.param('id'), holderScope(p), renewal.value, actor(p), settings);
    if (!outcome.ok) return failure(c, outcome);
    return c.json({ ...outcome.value.application, registryVersion: outcome.value.published.version, rescreenQueued: outcome.value.published.rescreenQueued });
  });

  return app;
}
