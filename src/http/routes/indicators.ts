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
import { fieldErrors } from '../../domain/manifest.ts';
import { INDICATOR_KINDS, type IndicatorKind } from '../../registry/forms.ts';
import { changeIndicator, type RegistrySettings } from '../../registry/service.ts';
import { IndicatorsSchema, MoneySchema, ScoringSchema } from '../../screening/registry-schema.ts';
import { requireRole } from '../auth.ts';
import { readJson } from '../body.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';
import { actor } from './applications.ts';

const SETTINGS = {
  scoring: { id: SINGLETONS.scoring, schema: ScoringSchema },
  'exchange-rates': { id: SINGLETONS.exchangeRates, schema: IndicatorsSchema.shape.exchangeRates.unwrap() },
  'de-minimis-default': { id: SINGLETONS.deMinimisDefault, schema: MoneySchema },
} as const;
type SettingName = keyof typeof SETTINGS;

const isKind = (k: string): k is IndicatorKind => k in INDICATOR_KINDS;
const isSetting = (k: string): k is SettingName => k in SETTINGS;

export function indicatorRoutes(db: Db, settings: RegistrySettings) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));

  app.get('/', async (c) => {
    const rows = await listIndicators(db.kysely);
    const lists = Object.fromEntries(Object.keys(INDICATOR_KINDS).map((k) => [k, rows.filter((r) => r.kind === k).map((r) => ({ id: r.id, ...(r.data as object), createdBy: r.createdBy, updatedAt: r.updatedAt }))]));
    const values = Object.fromEntries(await Promise.all(Object.entries(SETTINGS).map(async ([name, s]) => [name, (await getSingleton(db.kysely, s.id)) ?? null])));
    return c.json({ ...lists, ...values });
  });

  app.get('/:kind', async (c) => {
    const kind = c.req.param('kind');
    if (isSetting(kind)) return c.json((await getSingleton(db.kysely, SETTINGS[kind].id)) ?? null);
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const rows = await listIndicators(db.kysely, kind);
    return c.json({ items: rows.map((r) => ({ id: r.id, ...(r.data as object), createdBy: r.createdBy, updatedAt: r.updatedAt })) });
  });

  const parse = async (kind: string, value: unknown) => {
    const schema: z.ZodType = isSetting(kind) ? SETTINGS[kind].schema : INDICATOR_KINDS[kind as IndicatorKind];
    return schema.safeParse(value);
  };

  app.post('/:kind', async (c) => {
    const kind = c.req.param('kind');
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const read = await readJson(c);
    if (!read.ok) return errorResponse(c, read.status, read.code, read.message);
    const parsed = await parse(kind, read.value);
    if (!parsed.success) return errorResponse(c, 422, 'invalid_body', 'the indicator is not valid', fieldErrors(parsed.error));
    const outcome = await changeIndicator(db, { op: 'put', kind, data: parsed.data }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ id: outcome.value.id, ...(parsed.data as object), registryVersion: outcome.value.published.version, rescreened: outcome.value.published.rescreened }, 201);
  });

  app.put('/:kind/:id?', async (c) => {
    const kind = c.req.param('kind');
    const id = c.req.param('id');
    const read = await readJson(c);
    if (!read.ok) return errorResponse(c, read.status, read.code, read.message);
    if (isSetting(kind) && !id) {
      const parsed = await parse(kind, read.value);
      if (!parsed.success) return errorResponse(c, 422, 'invalid_body', 'the setting is not valid', fieldErrors(parsed.error));
      const outcome = await changeIndicator(db, { op: 'put', kind: 'singleton', id: SETTINGS[kind].id, data: parsed.data }, actor(c.get('principal')), settings);
      if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
      return c.json({ ...(parsed.data as object), registryVersion: outcome.value.published.version, rescreened: outcome.value.published.rescreened });
    }
    if (!isKind(kind) || !id) return errorResponse(c, 404, 'not_found', `no indicator ${kind}/${id ?? ''}`);
    const parsed = await parse(kind, read.value);
    if (!parsed.success) return errorResponse(c, 422, 'invalid_body', 'the indicator is not valid', fieldErrors(parsed.error));
    const outcome = await changeIndicator(db, { op: 'put', kind, id, data: parsed.data }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ id, ...(parsed.data as object), registryVersion: outcome.value.published.version, rescreened: outcome.value.published.rescreened });
  });

  app.delete('/:kind/:id', async (c) => {
    const kind = c.req.param('kind');
    if (!isKind(kind)) return errorResponse(c, 404, 'not_found', `no indicator list ${kind}`);
    const outcome = await changeIndicator(db, { op: 'delete', kind, id: c.req.param('id') }, actor(c.get('principal')), settings);
    if (!outcome.ok) return errorResponse(c, 404, outcome.reason, outcome.message);
    return c.json({ deleted: outcome.value.id, registryVersion: outcome.value.published.version, rescreened: outcome.value.published.rescreened });
  });

  return app;
}
