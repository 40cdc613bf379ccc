/**
 * The registry as a whole: bundle import and export (the same JSON as the CLI and the seed file,
 * so a registry moves between instances) and the list of versions.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { latestRegistry, listRegistryVersions } from '../../db/registry.ts';
import { rescreenProgress } from '../../db/rescreen-jobs.ts';
import { importRegistry, versionWarnings, type RegistrySettings } from '../../registry/service.ts';
import type { RegistryWarnings } from '../../registry/warnings.ts';
import type { BundleJson } from '../../registry/bundle-slices.ts';
import { requireRole } from '../auth.ts';
import { readJson } from '../body.ts';
import { errorResponse } from '../errors.ts';
import type { RegistryImportBody, RegistryWarningsBody } from '../contract.ts';
import type { AppEnv } from '../types.ts';
import { parseQuery } from '../validate.ts';
import { actor } from './applications.ts';

export function registryRoutes(db: Db, settings: RegistrySettings, warnings: RegistryWarnings) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));

  app.post('/import', async (c) => {
    // Parsed and validated in an ingest worker (seconds for a 19 MB bundle, off the event loop).
    const read = await readJson(c, 'registry-bundle');
    if (!read.ok) return errorResponse(c, read.status, read.code === 'invalid_body' ? 'invalid_bundle' : read.code, read.message, read.errors);
    const { version, warnings: compiled, ...imported } = await importRegistry(db, read.value as BundleJson, actor(c.get('principal')), settings, warnings);
    const { version: _same, ...found } = compiled;
    return c.json({ ...imported, registryVersion: version, ...found } satisfies RegistryImportBody);
  });

  app.get('/export', async (c) => {
    const latest = await latestRegistry(db);
    if (!latest) return errorResponse(c, 404, 'not_found', 'the registry is empty');
    c.header('X-Registry-Version', String(latest.version));
    return c.body(latest.bundle, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/versions', async (c) => {
    const q = parseQuery(c, z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }));
    if (!q.ok) return q.response;
    const items = await listRegistryVersions(db, q.value.limit);
    const progress = await rescreenProgress(db, items.map((v) => v.version));
    // Re-screening runs after the version is stored: how far marking the parcels under control got.
    return c.json({ items: items.map((v) => ({ ...v, rescreen: progress.get(v.version) ?? null, warningsUrl: `/v1/registry/versions/${v.version}/warnings` })) });
  });

  app.get('/versions/:version/warnings', async (c) => {
    const raw = c.req.param('version');
    const found = /^[1-9]\d{0,9}$/.test(raw) ? await versionWarnings(db, Number(raw), warnings) : null;
    if (!found) return errorResponse(c, 404, 'not_found', `no registry version ${raw}`);
    return c.json(found satisfies RegistryWarningsBody);
  });

  return app;
}
