/**
 * The registry as a whole: bundle import and export (the same JSON as the CLI and the seed file,
 * so a registry moves between instances) and the list of versions.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { actor, requireRole } from '../access.ts';
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { latestRegistry, listRegistryVersions } from '../../db/registry.ts';
import { rescreenProgress } from '../../db/rescreen-jobs.ts';
import { importRegistry, versionWarnings, type RegistrySettings } from '../../registry/service.ts';
import type { RegistryWarnings } from '../../registry/warnings.ts';
import type { BundleJson } from '../../registry/bundle-slices.ts';
import { readJson } from '../body.ts';
import { errorResponse } from '../errors.ts';
import { ItemsSchema, RegistryImportSchema, RegistryWarningsSchema, type RegistryImportBody, type RegistryWarningsBody } from '../contract.ts';
import { RegistryBundleSchema } from '../../domain/registry.ts';
import { operation, serve } from '../operation.ts';
import { pageLimit } from '../paging.ts';
import type { AppEnv } from '../types.ts';
import { parseQuery } from '../validate.ts';

const customs = ['customs', 'admin'] as const;

const ImportRegistry = operation({
  method: 'post',
  path: '/import',
  operationId: 'importRegistry',
  tag: 'customs',
  access: customs,
  summary: 'Import a registry bundle',
  description:
    'Applications are upserted by id, indicators replaced. A bundle that makes the registry the latest version already is makes no version and re-screens nothing (unchanged: true, the latest version; audited as registry.import_unchanged). ' +
    'The answer carries the compile warnings of the version (marks that are ordinary words, fold onto one, or are too short), compiled after the commit in an ingest worker.',
  body: { json: RegistryBundleSchema, required: true },
  answers: { 200: { description: 'Imported (a new version), or unchanged', json: RegistryImportSchema } },
  errors: {
    400: 'malformed_json, too_deep, too_complex, invalid_text: the body cannot be read',
    408: 'request_timeout: the body arrived slower than BODY_MIN_BYTES_PER_SECOND',
    413: 'payload_too_large: body over MAX_BODY_BYTES',
    415: 'unsupported_media_type: not JSON',
    422: 'invalid_bundle: the bundle is not valid (field errors)',
    503: 'bodies_in_flight: other bodies fill the memory budget; retry after Retry-After seconds',
  },
});

const ExportRegistry = operation({
  method: 'get',
  path: '/export',
  operationId: 'exportRegistry',
  tag: 'customs',
  access: customs,
  summary: 'The current registry bundle (its version in X-Registry-Version)',
  answers: { 200: { description: 'The bundle', json: RegistryBundleSchema } },
  errors: { 404: 'not_found: the registry is empty' },
});

const VersionsQuery = z.object({ limit: pageLimit(50) });

const ListVersions = operation({
  method: 'get',
  path: '/versions',
  operationId: 'listRegistryVersions',
  tag: 'customs',
  access: customs,
  summary: 'Registry versions, newest first: who, when, what, how far re-screening got, and where their warnings are (warningsUrl)',
  query: VersionsQuery,
  answers: { 200: { description: 'Versions', json: ItemsSchema('a version: {version, createdAt, createdBy, note, rescreen, warningsUrl}') } },
});

const VersionWarnings = operation({
  method: 'get',
  path: '/versions/{version}/warnings',
  operationId: 'getRegistryVersionWarnings',
  tag: 'customs',
  access: customs,
  summary: 'The compile warnings of a stored version, for the applications in force today or later',
  answers: { 200: { description: 'Warnings', json: RegistryWarningsSchema } },
  errors: { 404: 'not_found: no such version' },
});

export function registryRoutes(db: Db, settings: RegistrySettings, warnings: RegistryWarnings) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requireRole('customs', 'admin'));

  serve(app, ImportRegistry, async (c) => {
    // Parsed and validated in an ingest worker (seconds for a 19 MB bundle, off the event loop).
    const read = await readJson(c, 'registry-bundle');
    if (!read.ok) return errorResponse(c, read.status, read.code === 'invalid_body' ? 'invalid_bundle' : read.code, read.message, read.errors);
    const { version, warnings: compiled, ...imported } = await importRegistry(db, read.value as BundleJson, actor(c.get('principal')), settings, warnings);
    const { version: _same, ...found } = compiled;
    return c.json({ ...imported, registryVersion: version, ...found } satisfies RegistryImportBody);
  });

  serve(app, ExportRegistry, async (c) => {
    const latest = await latestRegistry(db);
    if (!latest) return errorResponse(c, 404, 'not_found', 'the registry is empty');
    c.header('X-Registry-Version', String(latest.version));
    return c.body(latest.bundle, 200, { 'Content-Type': 'application/json' });
  });

  serve(app, ListVersions, async (c) => {
    const q = parseQuery(c, VersionsQuery);
    if (!q.ok) return q.response;
    const items = await listRegistryVersions(db, q.value.limit);
    const progress = await rescreenProgress(db, items.map((v) => v.version));
    // Re-screening runs after the version is stored: how far marking the parcels under control got.
    return c.json({ items: items.map((v) => ({ ...v, rescreen: progress.get(v.version) ?? null, warningsUrl: `/v1/registry/versions/${v.version}/warnings` })) });
  });

  serve(app, VersionWarnings, async (c) => {
    const raw = c.req.param('version');
    const found = /^[1-9]\d{0,9}$/.test(raw) ? await versionWarnings(db, Number(raw), warnings) : null;
    if (!found) return errorResponse(c, 404, 'not_found', `no registry version ${raw}`);
    return c.json(found satisfies RegistryWarningsBody);
  });

  return app;
}
