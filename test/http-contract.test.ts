/**
 * Every route's contract holds for what it does not expect: a query parameter it does not take is
 * a 400 naming it (never silently ignored), and a method a path does not take is a 405 with the
 * methods it does take in `Allow`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';

describe('HTTP contract', () => {
  let db: Db;
  let t: TestApp;
  beforeAll(async () => {
    db = await backends[0]!.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  const keys = () => [t.keys.admin, t.keys.customs, t.keys.operatorA, t.keys.rightsholder];

  /** Each API route once, its parameters filled in. */
  const apiRoutes = () => {
    const seen = new Set<string>();
    return t.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/'))
      .map((r) => ({ method: r.method, path: r.path.replace(/:kind/, 'keywords').replace(/\/:\w+\?$/, '').replace(/:\w+/g, 'x') }))
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  };

  it('answers a query parameter a route does not take with 400 naming it, on every route', async () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const { method, path } of routes) {
      let status = 0;
      let body: { error?: { errors?: { path: string }[] } } = {};
      // The first key whose role may call the route: role checks come before the query's.
      for (const key of keys()) {
        const res = await t.request(`${path}?bogus=1`, { method, key, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
        status = res.status;
        body = (await res.json()) as typeof body;
        if (status !== 403) break;
      }
      if (status !== 400 || !body.error?.errors?.some((e) => e.path === 'query.bogus')) failures.push(`${method} ${path}: ${status} ${JSON.stringify(body).slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  it('names the parameters of the reported cases, and refuses a parameter given twice', async () => {
    const queue = await t.request('/v1/parcels?itemId=RR123456785CN', { key: t.keys.customs });
    expect(queue.status).toBe(400);
    expect(await queue.json()).toMatchObject({ error: { code: 'invalid_query', errors: [{ path: 'query.itemId', message: expect.stringContaining('takes decision, open') }] } });
    const audit = await t.request('/v1/audit?from=2030-01-01', { key: t.keys.admin });
    expect(audit.status).toBe(400);
    expect(await audit.json()).toMatchObject({ error: { errors: [{ path: 'query.from' }] } });
    const twice = await t.request('/v1/parcels?decision=hold&decision=review', { key: t.keys.customs });
    expect(await twice.json()).toMatchObject({ error: { errors: [{ path: 'query.decision', message: 'is given more than once' }] } });
    expect((await t.request('/v1/parcels?decision=hold&limit=5', { key: t.keys.customs })).status).toBe(200);
  });

  it('answers a wrong method on an existing path with 405 and Allow', async () => {
    const del = await t.request('/v1/manifests', { method: 'DELETE', key: t.keys.admin });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await del.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    const put = await t.request('/v1/parcels/12/outcomes', { method: 'GET', key: t.keys.customs });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'POST']);
    const indicator = await t.request('/v1/indicators/keywords/abc', { method: 'POST', key: t.keys.customs });
    expect([indicator.status, indicator.headers.get('allow')]).toEqual([405, 'PUT, DELETE']);
    expect((await t.request('/healthz', { method: 'POST' })).headers.get('allow')).toBe('GET, HEAD');
    // No such path: still 404; and without a key, 401 comes first.
    expect((await t.request('/v1/nothing', { method: 'DELETE', key: t.keys.admin })).status).toBe(404);
    expect((await t.request('/v1/manifests', { method: 'DELETE' })).status).toBe(401);
  });
});
