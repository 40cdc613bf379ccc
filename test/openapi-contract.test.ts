/**
 * The contract and the app cannot drift apart: every route the app answers is in /openapi.json
 * and every operation of the document is a route of the app, each with its id, one tag of the
 * document's, security stated and its 4xx answers; Redocly's linter finds no error in it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { TAGS } from '../src/http/operation.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
}
interface Document {
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/** Pages that are not the API: the console's HTML and the document rendered. */
const OUTSIDE_THE_CONTRACT = /^\/(console|docs)(\/|$)/;

describe('the OpenAPI document', () => {
  let db: Db;
  let t: TestApp;
  let doc: Document;
  beforeAll(async () => {
    db = await backends[0]!.open();
    t = await buildTestApp(db);
    doc = (await (await t.request('/openapi.json')).json()) as Document;
  });
  afterAll(() => db.close());

  const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

  it('lists exactly the routes the app answers, both ways', () => {
    const routes = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && !OUTSIDE_THE_CONTRACT.test(r.path))
        .map((r) => `${r.method} ${r.path.replaceAll(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(operations().map((o) => o.key));
    expect([...routes].filter((r) => !documented.has(r)), 'routes without a contract').toEqual([]);
    expect([...documented].filter((d) => !routes.has(d)), 'documented operations the app does not have').toEqual([]);
    // The nine operations the hand-written document used to miss.
    for (const key of ['GET /v1/parcels', 'GET /v1/parcels/{id}', 'POST /v1/parcels/{id}/outcomes', 'GET /v1/notifications', 'GET /v1/webhooks', 'PUT /v1/webhooks', 'GET /v1/audit', 'GET /v1/stats', 'GET /v1/stats.csv']) {
      expect(documented, key).toContain(key);
    }
    expect(routes.size).toBeGreaterThanOrEqual(50);
  });

  it('gives every operation a unique id, one tag of the document’s, its security and error answers with the error schema', () => {
    const tags = doc.tags.map((tag) => tag.name);
    expect(tags).toEqual(Object.keys(TAGS));
    const ids = new Set<string>();
    for (const { key, op } of operations()) {
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(ids.has(op.operationId!), `${key}: ${op.operationId} twice`).toBe(false);
      ids.add(op.operationId!);
      expect(op.tags, key).toHaveLength(1);
      expect(tags, key).toContain(op.tags![0]);
      expect(op.security, key).toBeDefined();
      // /v1 routes take a key; the probes, metrics and this document do not.
      expect(op.security!.length, key).toBe(key.includes(' /v1/') ? 1 : 0);
      const errors = Object.keys(op.responses).filter((s) => /^4\d\d$/.test(s));
      expect(errors.length, key).toBeGreaterThan(0);
      for (const status of errors) expect(op.responses[status]!.content?.['application/json']?.schema, `${key} ${status}`).toBeDefined();
      if (key.includes(' /v1/')) expect(op.responses['401'], key).toBeDefined();
    }
  });

  it('keeps CSV in the contract: manifests filed as text/csv, statistics answered as CSV', () => {
    expect(Object.keys(doc.paths['/v1/manifests']!.post!.requestBody!.content)).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(doc.paths['/v1/stats.csv']!.get!.responses['200']!.content!)).toEqual(['text/csv']);
  });

  it('derives which routes take query parameters from the declarations', async () => {
    const takes = (key: string) => operations().find((o) => o.key === key)!.op.parameters?.some((p) => p.in === 'query') ?? false;
    expect(takes('GET /v1/parcels')).toBe(true);
    expect(takes('GET /v1/parcels/{id}')).toBe(false);
    // A route whose declaration names no query answers one with 400 naming it; one that does, parses it.
    const bad = await t.request('/v1/indicators?kind=keywords', { key: t.keys.customs });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_query', errors: [{ path: 'query.kind' }] } });
    const probe = await t.request('/healthz?verbose=1');
    expect(probe.status).toBe(400);
    expect((await t.request('/v1/parcels?limit=5', { key: t.keys.customs })).status).toBe(200);
  });

  it('passes `redocly lint` with no error, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      // The repository's redocly.yaml makes a missing operationId, tag or 4xx answer an error.
      const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', file, '--format=json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      const report = JSON.parse(stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] };
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
