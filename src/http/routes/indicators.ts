/**
 * Risk indicators customs maintains: lists (watched sellers, slang keywords, hazardous HS codes,
 * origin risk, de minimis per destination) and settings (scoring, exchange rates, default de
 * minimis). Every change publishes a registry version and queues parcels under control for
 * screening again.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actor, requireRole } from '../access.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { getSingleton, listIndicators, SINGLETONS } from '../../db/indicators.ts';
import { IndicatorsSchema, INDICATOR_KINDS, MoneySchema, ScoringSchema, type IndicatorKind } from '../../domain/registry.ts';
import { changeIndicator, type RegistrySettings } from '../../registry/service.ts';
import type { Published } from '../../registry/publish.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { RecordSchema } from '../contract.ts';
import { operation, serve } from '../operation.ts';

const SETTINGS = {
  scoring: { id: SINGLETONS.scoring, schema: ScoringSchema },
  'exchange-rates': { id: SINGLETONS.exchangeRates, schema: IndicatorsSchema.shape.exchangeRates.unwrap() },
  'de-minimis-default': { id: SINGLETONS.deMinimisDefault, schema: MoneySchema },
} as const;
type SettingName = keyof typeof SETTINGS;

// Own properties only: `in` would find `constructor`, `toString` and `__proto__` on every object.
const isKind = (k: string): k is IndicatorKind => Object.hasOwn(INDICATOR_KINDS, k);
const isSetting = (k: string): k is SettingName => Object.hasOwn(SETTINGS, k);

/** An indicator as the API shows it: its fields, with its id and who last touched it. */
const entry = (r: Awaited<ReturnType<typeof listIndicators>>[number]) => ({ id: r.id, ...(r.data as object), createdBy: r.createdBy, updatedAt: r.updatedAt });

const customs = ['customs', 'admin'] as const;
const LISTS = 'watched-sellers, keywords, hazardous-hs-codes, origin-risk, de-minimis';
const SETTING_NAMES = 'scoring, exchange-rates, de-minimis-default';
const Published = 'with registryVersion (the version the change published) and rescreenQueued';
const bodyErrors = {
  400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
  415: 'unsupported_media_type: not JSON',
  422: 'invalid_body: the entry or setting is not valid (field errors)',
} as const;

const ListAllIndicators = operation({
  method: 'get',
  path: '/',
  operationId: 'listIndicators',
  tag: 'customs',
  access: customs,
  summary: 'All risk indicators and settings',
  answers: { 200: { description: `Each list (${LISTS}) and setting (${SETTING_NAMES}) by name`, json: RecordSchema('lists and settings by name') } },
});

const GetIndicators = operation({
  method: 'get',
  path: '/{kind}',
  operationId: 'getIndicators',
  tag: 'customs',
  access: customs,
  summary: `One list (${LISTS}) or setting (${SETTING_NAMES})`,
  answers: { 200: { description: 'A list as {items}, or a setting’s value (null when unset)', json: RecordSchema('{items} or the setting') } },
  errors: { 404: 'not_found: no such list or setting' },
});

const AddIndicator = operation({
  method: 'post',
  path: '/{kind}',
  operationId: 'addIndicator',
  tag: 'customs',
  access: customs,
  summary: 'Add an entry to a list; publishes a registry version',
  body: { json: RecordSchema('an entry of the list'), required: true },
  answers: { 201: { description: `The entry with its id, ${Published}`, json: RecordSchema('the entry') } },
  errors: { ...bodyErrors, 404: 'not_found: no such list' },
});

const ReplaceSetting = operation({
  method: 'put',
  path: '/{kind}',
  operationId: 'replaceIndicatorSetting',
  tag: 'customs',
  access: customs,
  summary: `Replace a setting (${SETTING_NAMES}); publishes a registry version`,
  body: { json: RecordSchema('the setting'), required: true },
  answers: { 200: { description: `The setting, ${Published}`, json: RecordSchema('the setting') } },
  errors: { ...bodyErrors, 404: 'not_found: no such setting' },
});

const ReplaceEntry = operation({
  method: 'put',
  path: '/{kind}/{id}',
  operationId: 'replaceIndicator',
  tag: 'customs',
  access: customs,
  summary: 'Replace an entry of a list; publishes a registry version',
  body: { json: RecordSchema('an entry of the list'), required: true },
  answers: { 200: { description: `The entry, ${Published}`, json: RecordSchema('the entry') } },
  errors: { ...bodyErrors, 404: 'not_found: no such list or entry' },
});

const RemoveIndicator = operation({
  method: 'delete',
  path: '/{kind}/{id}',
  operationId: 'removeIndicator',
  tag: 'customs',
  access: customs,
  summary: 'Remove an entry of a list; publishes a registry version',
  answers: { 200: { description: `{deleted: id}, ${Published}`, json: RecordSchema('the removal') } },
  errors: { 404: 'not_found: no such list or entry' },
});

export function indicatorRoutes(db: Db, settings: RegistrySettings) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));
  const published = (p: Published) => ({ registryVersion: p.version, rescreenQueued: p.rescreenQueued });

  serve(app, ListAllIndicators, async (c) => {
    const rows = await listIndicators(db.kysely);
    const lists = Object.fromEntries(Object.keys(INDICATOR_KINDS).map((k) => [k, rows.filter((r) => r.kind === k).map(entry)]));
    const values = Object.fromEntries(await Promise.all(Object.entries(SETTINGS).map(async ([name, s]) => [name, (await getSingleton(db.kysely, s.id)) ?? null])));
    return c.json({ ...lists, ...values });
  });

  serve(app, GetIndicators, async (c) => {
    const kind = c.req.param('kind');
    if (isSetting(kind)) return c.json((await getSingleton(db.kysely, SETTINGS[kind].id)) ?? null);
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    return c.json({ items: (await listIndicators(db.kysely, kind)).map(entry) });
  });

  serve(app, AddIndicator, async (c) => {
    const kind = c.req.param('kind');
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const parsed = await parseBody(c, INDICATOR_KINDS[kind], 'the indicator');
    if (!parsed.ok) return parsed.response;
    const outcome = await changeIndicator(db, { op: 'put', kind, data: parsed.value }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ id: outcome.value.id, ...parsed.value, ...published(outcome.value.published) }, 201);
  });

  // PUT /:setting replaces a setting; PUT /:kind/:id replaces one entry of a list.
  const replace = async (c: Context<AppEnv, '/:kind/:id?'>) => {
    const kind = c.req.param('kind');
    const id = c.req.param('id');
    const target =
      isSetting(kind) && !id ? { schema: SETTINGS[kind].schema as z.ZodType, kind: 'singleton', id: SETTINGS[kind].id, what: 'the setting' }
      : isKind(kind) && id ? { schema: INDICATOR_KINDS[kind] as z.ZodType, kind, id, what: 'the indicator' }
      : null;
    if (!target) return errorResponse(c, 404, 'not_found', `no indicator ${kind}/${id ?? ''}`);
    const parsed = await parseBody(c, target.schema, target.what);
    if (!parsed.ok) return parsed.response;
    const outcome = await changeIndicator(db, { op: 'put', kind: target.kind, id: target.id, data: parsed.value }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ ...(target.kind === 'singleton' ? {} : { id }), ...(parsed.value as object), ...published(outcome.value.published) });
  };
  serve(app, ReplaceSetting, replace);
  serve(app, ReplaceEntry, replace);

  serve(app, RemoveIndicator, async (c) => {
    const kind = c.req.param('kind');
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const outcome = await changeIndicator(db, { op: 'delete', kind, id: c.req.param('id') }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ deleted: outcome.value.id, ...published(outcome.value.published) });
  });

  return app;
}
