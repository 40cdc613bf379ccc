/**
 * Untrusted text never finds a built-in: every name of Object.prototype (and `__proto__`) and
 * random Unicode words go through the screener and through the HTTP paths (descriptions, seller
 * names, path segments, query parameters, indicator kinds, JSON keys). The answer is a decision or
 * a 4xx, never a throw or a 500, and no parcel is decided engine_error.
 */
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { DECISIONS } from '../src/db/schema.ts';
import { createMetrics } from '../src/metrics.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { companyKey } from '../src/screening/company.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE, screenOne, testScreener } from './support/registry.ts';
import { until } from './support/wait.ts';

const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];
/** Words of any script (graphemes: letters with their marks, emoji, look-alikes). */
const unicodeWord = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter((s) => s.trim().length > 0);
/** Text a database can store (the API refuses the rest with a 400 before it gets anywhere). */
const storable = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('the screener on prototype names and random words', () => {
  const screener = testScreener();

  it('decides every parcel whose description or seller is a prototype name', () => {
    for (const name of PROTOTYPE_NAMES) {
      for (const description of [name, `Magnetic ${name} building set`, `${name} running shoes`, `N1ke ${name}`]) {
        const r = screenOne(screener, description, '950300', 20, { seller: { name, country: 'CN' } });
        expect(DECISIONS, description).toContain(r.decision);
      }
      expect(companyKey(`${name} Trading Ltd`)).not.toMatch(/native code|function/);
    }
  });

  it('decides every parcel whose words are random Unicode', () => {
    fc.assert(
      fc.property(fc.array(unicodeWord, { minLength: 1, maxLength: 6 }), unicodeWord, fc.constantFrom('640411', '950300', '392690', '300490'), (words, seller, hs) => {
        const r = screenOne(screener, words.join(' '), hs, 20, { seller: { name: seller, country: 'CN' } });
        return (DECISIONS as readonly string[]).includes(r.decision) && r.riskScore >= 0 && r.riskScore <= 100;
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});

describe.each(backends)('HTTP paths on prototype names and random words, on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let manifestId: string;
  let serial = 4_200_000;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
    const imported = await t.request('/v1/registry/import', json('POST', t.keys.admin, {
      ...TEST_BUNDLE,
      applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: '2999-01-01' })),
    }));
    expect(imported.status).toBe(200);
    const filed = await t.postManifest(manifest('PROTO-0', [parcel(s10(serial++))]));
    manifestId = ((await filed.json()) as { manifestId: string }).manifestId;
  });
  afterAll(() => db.close());

  /** Every request below must get an answer below 500. */
  async function call(path: string, init: Parameters<TestApp['request']>[1] = {}) {
    const res = await t.request(path, init);
    expect(res.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(500);
    return res.status;
  }

  it('answers 404 for prototype names as indicator kinds, ids and other path segments', async () => {
    const { customs, operatorA } = t.keys;
    for (const name of PROTOTYPE_NAMES) {
      const seg = encodeURIComponent(name);
      expect(await call(`/v1/indicators/${seg}`, { key: customs })).toBe(404);
      expect(await call(`/v1/indicators/${seg}`, json('POST', customs, { term: 'x', risk: 'high' }))).toBe(404);
      expect(await call(`/v1/indicators/${seg}`, json('PUT', customs, { holdAt: 70 }))).toBe(404);
      expect(await call(`/v1/indicators/${seg}/${seg}`, json('PUT', customs, { term: 'x', risk: 'high' }))).toBe(404);
      expect(await call(`/v1/indicators/keywords/${seg}`, json('PUT', customs, { term: 'x', risk: 'high' }))).toBe(404);
      expect(await call(`/v1/indicators/keywords/${seg}`, { method: 'DELETE', key: customs })).toBe(404);
      expect(await call(`/v1/indicators/${seg}/${seg}`, { method: 'DELETE', key: customs })).toBe(404);
      expect(await call(`/v1/manifests/${seg}`, { key: operatorA })).toBe(404);
      expect(await call(`/v1/manifests/${manifestId}/parcels/${seg}`, { key: operatorA })).toBe(404);
      expect(await call(`/v1/applications/${seg}`, { key: customs })).toBe(404);
      expect(await call(`/v1/applications/${seg}/decision`, json('POST', customs, { decision: 'accept' }))).toBe(404);
      expect(await call(`/v1/parcels/${seg}`, { key: customs })).toBe(404);
      expect(await call(`/v1/parcels/${seg}/outcomes`, json('POST', customs, { action: 'released' }))).toBe(404);
      expect(await call(`/v1/${seg}`, { key: customs })).toBe(404);
    }
  });

  it('answers query parameters named and valued after prototype names with 2xx or 400', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const q = `${encodeURIComponent(name)}=${encodeURIComponent(name)}`;
      for (const path of [`/v1/parcels?${q}`, `/v1/parcels?mark=${encodeURIComponent(name)}&operator=${encodeURIComponent(name)}`, `/v1/audit?${q}&entity=${encodeURIComponent(name)}`, `/v1/applications?${q}&status=${encodeURIComponent(name)}`, `/v1/stats?from=2026-01-01&to=2026-12-31&groupBy=${encodeURIComponent(name)}`, `/v1/manifests/${manifestId}/parcels?decision=${encodeURIComponent(name)}&${q}`]) {
        expect([200, 400]).toContain(await call(path, { key: path.startsWith('/v1/audit') ? t.keys.admin : path.startsWith('/v1/manifests') ? t.keys.operatorA : t.keys.customs }));
      }
    }
  });

  it('accepts prototype names as JSON keys and values, stores them as data and screens the parcels that carry them', async () => {
    const { customs, operatorA, rightsholder } = t.keys;
    const extra = Object.fromEntries(PROTOTYPE_NAMES.filter((n) => n !== '__proto__').map((n) => [n, n]));
    const withProtoKey = (body: object) => JSON.stringify(body).replace(/^\{/, '{"__proto__":{"polluted":true},');
    for (const name of PROTOTYPE_NAMES) {
      expect(await call('/v1/indicators/keywords', json('POST', customs, withProtoKey({ ...extra, term: name, risk: 'high' })))).toBe(201);
      expect(await call('/v1/indicators/watched-sellers', json('POST', customs, { name: `${name} Trading Ltd`, risk: 'medium', ...extra }))).toBe(201);
    }
    expect(await call('/v1/webhooks', json('PUT', operatorA, withProtoKey({ ...extra, url: 'https://constructor.example/hook' })))).toBeLessThan(500);
    expect(await call('/v1/applications', json('POST', rightsholder, withProtoKey({ ...extra, holder: { name: 'toString Holdings', contact: 'ipr@example.test' }, trademarks: [{ mark: 'hasOwnProperty', hsCodes: ['64'] }], evidence: ['constructor'] })))).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Parcels full of them: descriptions, seller and consignee names, and extra keys on every object.
    const list = PROTOTYPE_NAMES.map((name) =>
      parcel(s10(serial++), {
        seller: { name, country: 'CN' },
        consignee: { name, address: name, country: 'BE' },
        items: [{ description: `Magnetic ${name} building set`, hsCode: '950300', quantity: 1, value: 15, currency: 'EUR' }],
        ...extra,
      }),
    );
    const res = await call('/v1/manifests', json('POST', operatorA, withProtoKey(manifest('PROTO-NAMES', list, extra as never))));
    expect(res).toBe(202);
    const csvHeader = 'manifest_ref,mode,regime,destination_country,item_id,category,seller_name,seller_country,sender_name,sender_country,consignee_name,consignee_country,description,hs_code,quantity,value,currency,__proto__,constructor';
    const csvRow = (id: string, name: string) => `PROTO-CSV,postal,import,BE,${id},sale_of_goods,${name},CN,${name},CN,${name},BE,${name} toy,950300,1,5,EUR,${name},${name}`;
    const csv = [csvHeader, ...PROTOTYPE_NAMES.map((n) => csvRow(s10(serial++), n))].join('\n');
    expect(await call('/v1/manifests', { method: 'POST', key: operatorA, headers: { 'content-type': 'text/csv' }, body: csv })).toBeLessThan(500);

    const pool = new ScreeningPool(1);
    const metrics = createMetrics();
    const d = new ScreeningDispatcher(db, pool, pino({ level: 'silent' }), { batchSize: 100, maxInFlight: 2, leaseMs: 60_000, idleMs: 20, registryPollMs: 200 }, () => {}, (n) => metrics.engineErrors.inc(n));
    d.start();
    try {
      await until(async () => (await db.kysely.selectFrom('parcels').select('id').where('status', '<>', 'screened').execute()).length === 0);
    } finally {
      await d.stop();
      await pool.close();
    }
    expect((await metrics.engineErrors.get()).values[0]!.value).toBe(0);
    const decided = await db.kysely.selectFrom('parcels').select(['decision']).where('manifest_id', 'in', db.kysely.selectFrom('manifests').select('id').where('manifest_ref', 'like', 'PROTO-%')).execute();
    expect(decided.length).toBeGreaterThanOrEqual(PROTOTYPE_NAMES.length);
    for (const r of decided) expect(DECISIONS).toContain(r.decision);
  });

  it('answers random Unicode path segments, query values and JSON keys below 500', async () => {
    const { customs, operatorA } = t.keys;
    await fc.assert(
      fc.asyncProperty(unicodeWord, unicodeWord, async (a, b) => {
        const seg = encodeURIComponent(a);
        const expectNotFound = storable(a) ? [404] : [400, 404];
        expect(expectNotFound).toContain(await call(`/v1/indicators/${seg}`, { key: customs }));
        expect(expectNotFound).toContain(await call(`/v1/manifests/${seg}`, { key: operatorA }));
        expect(expectNotFound).toContain(await call(`/v1/indicators/keywords/${seg}`, json('PUT', customs, { term: 'x', risk: 'low' })));
        await call(`/v1/parcels?mark=${encodeURIComponent(b)}&${seg}=${encodeURIComponent(b)}`, { key: customs });
        await call('/v1/indicators/keywords', json('POST', customs, { [a]: b, term: b.slice(0, 100), risk: 'low' }));
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
