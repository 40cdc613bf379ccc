/**
 * Risk indicators customs maintains: lists (watched sellers, slang keywords, hazardous HS codes,
 * origin risk, de minimis per destination) and settings (scoring, exchange rates, default de
 * minimis). Every change publishes a registry version and queues parcels under control for
 * screening again.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { getSingleton, listIndicators, SINGLETONS } from '../../db/indicators.ts';
import { IndicatorsSchema, INDICATOR_KINDS, MoneySchema, ScoringSchema, type IndicatorKind } from '../../domain/registry.ts';
import { changeIndicator, type RegistrySettings } from '../../registry/service.ts';
import type { Published } from '../../registry/publish.ts';
import { requireRole } from '../auth.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';
import { parseBody } from '../validate.ts';
import { actor } from './applications.ts';

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

export function indicatorRoutes(db: Db, settings: RegistrySettings) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));
  const published = (p: Published) => ({ registryVersion: p.version, rescreenQueued: p.rescreenQueued });

  app.get('/', async (c) => {
    const rows = await listIndicators(db.kysely);
    const lists = Object.fromEntries(Object.keys(INDICATOR_KINDS).map((k) => [k, rows.filter((r) => r.kind === k).map(entry)]));
    const values = Object.fromEntries(await Promise.all(Object.entries(SETTINGS).map(async ([name, s]) => [name, (await getSingleton(db.kysely, s.id)) ?? null])));
    return c.json({ ...lists, ...values });
  });

  app.get('/:kind', async (c) => {
    const kind = c.req.param('kind');
    if (isSetting(kind)) return c.json((await getSingleton(db.kysely, SETTINGS[kind].id)) ?? null);
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    return c.json({ items: (await listIndicators(db.kysely, kind)).map(entry) });
  });

  app.post('/:kind', async (c) => {
    const kind = c.req.param('kind');
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const parsed = await parseBody(c, INDICATOR_KINDS[kind], 'the indicator');
    if (!parsed.ok) return parsed.response;
    const outcome = await changeIndicator(db, { op: 'put', kind, data: parsed.value }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ id: outcome.value.id, ...parsed.value, ...published(outcome.value.published) }, 201);
  });

  // PUT /:setting replaces a setting; PUT /:kind/:id replaces one entry of a list.
  app.put('/:kind/:id?', async (c) => {
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
  });

  app.delete('/:kind/:id', async (c) => {
    const kind = c.req.param('kind');
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const outcome = await changeIndicator(db, { op: 'delete', kind, id: c.req.param('id') }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ deleted: outcome.value.id, ...published(outcome.value.published) });
  });

  return app;
}
