import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { backends } from './support/db.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { manifest, parcels } from './support/fixtures.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 8080, DATABASE_URL: 'sqlite:./data/parcelscreen.db', MAX_BODY_BYTES: 20 * 1024 * 1024 });
  });
  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: '99999', SQLITE_SYNCHRONOUS: 'OFF', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});

describe('service endpoints', () => {
  let db: Db;
  let t: TestApp;
  beforeAll(async () => {
    db = await backends[0]!.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('answers health and readiness without a key', async () => {
    expect((await t.request('/healthz')).status).toBe(200);
    expect(await (await t.request('/readyz')).json()).toEqual({ status: 'ready', database: 'sqlite' });
  });

  it('counts parcels and requests by route pattern in /metrics', async () => {
    await t.postManifest(manifest('MET-1', [...parcels(2, 1), { itemId: 'bad' }]));
    const text = await (await t.request('/metrics')).text();
    expect(text).toMatch(/parcelscreen_parcels_total\{outcome="accepted"\} 2/);
    expect(text).toMatch(/parcelscreen_parcels_total\{outcome="rejected"\} 1/);
    expect(text).toMatch(/parcelscreen_http_requests_total\{method="POST",route="\/v1\/manifests",status="202"\} 1/);
    expect(text).toMatch(/parcelscreen_pending_backlog 2/);
    // A scrape waits for a due count: parcels screened since are no longer in the backlog.
    await db.kysely.updateTable('parcels').set({ status: 'screened' }).execute();
    expect(await (await t.request('/metrics')).text()).toMatch(/parcelscreen_pending_backlog 0/);
  });

  it('serves an OpenAPI 3.1 document whose references all resolve', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/manifests', '/v1/manifests/{id}', '/v1/manifests/{id}/parcels']));
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
    expect(Object.keys(doc.components.schemas.Manifest!.properties!)).toEqual(['manifestRef', 'mode', 'regime', 'destinationCountry', 'parcels']);
    // Every pointer resolves to a node of the document, also those into a component's own $defs.
    const pointers = [...JSON.stringify(doc).matchAll(/"\$ref":"#([^"]*)"/g)].map((m) => m[1]!);
    for (const pointer of pointers) {
      const node = pointer.split('/').slice(1).reduce<unknown>((at, step) => (at as Record<string, unknown> | undefined)?.[step.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect(node, pointer).toBeDefined();
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/parcels/by-item/{itemId}', '/v1/keys', '/v1/keys/{id}', '/v1/keys/{id}/rotate']));
    expect(Object.keys((doc.paths['/v1/manifests'] as object))).toEqual(['get', 'post']);
    const parcel = doc.components.schemas.Parcel!.properties!;
    expect(Object.keys(parcel)).toEqual(expect.arrayContaining(['houseWaybill', 'masterWaybill', 'transportDocument', 'extra']));
    expect(Object.keys((parcel.consignee as { properties: object }).properties)).toEqual(expect.arrayContaining(['eori', 'taxId', 'otherId', 'phone', 'email', 'street', 'postcode', 'city']));
    expect((await t.request('/docs')).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.request('/v1/nothing', { key: t.keys.admin });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
