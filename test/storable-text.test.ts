/**
 * Text no database can store (NUL, other C0 controls, unpaired surrogates) is refused with a
 * 4xx naming where it was, on SQLite and PostgreSQL alike. On PostgreSQL a NUL in a seller name
 * used to reach the database and come back as a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { findUnstorableText } from '../src/domain/json-inspect.ts';
import { isStorableText } from '../src/domain/storable-text.ts';
import { backends } from './support/db.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

describe('storable text', () => {
  it('refuses NUL, other C0 controls and unpaired surrogates; keeps tabs, line breaks and pairs', () => {
    for (const bad of ['a\u0000b', '\u0007', 'x\u001f', 'lone \ud800', 'lone \udc00 low', '\udc00\ud800']) expect(isStorableText(bad)).toBe(false);
    for (const good of ['Straße 1\nKöln', 'a\tb\r\n', 'emoji 😀', '中文', '']) expect(isStorableText(good)).toBe(true);
    expect(findUnstorableText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toBe('a[1].c');
    expect(findUnstorableText({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findUnstorableText({ a: ['fine'] })).toBeNull();
  });
});

describe.each(backends)('unstorable text over HTTP on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('rejects the parcel that holds it, naming the field, and keeps the others', async () => {
    const res = await t.postManifest(
      manifest('TEXT-1', [
        parcel(s10(71), { seller: { name: 'Bright\u0000Trading', country: 'CN' } }),
        parcel(s10(72), { items: [{ description: 'shoes \ud800', hsCode: '640411', quantity: 1, value: 5, currency: 'EUR' }] }),
        parcel(s10(73), { consignee: { name: 'Anna Müller', address: 'Hauptstraße 1\n50667 Köln', country: 'DE' } }),
      ]),
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; errors: { path: string; message: string }[] }[] };
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => [r.index, r.errors.map((e) => e.path)])).toEqual([
      [0, ['parcels[0].seller.name']],
      [1, ['parcels[1].items[0].description']],
    ]);
    expect(body.rejected[0]!.errors[0]!.message).toMatch(/control characters/);
  });

  it('stores and gives back every storable text exactly: quotes, backslashes, line breaks, any script', async () => {
    const description = 'He said "original" \\ not a \\u0000 escape\n– 中文 Ж ü 😀\ttab';
    const sellerName = 'Shop "Best" \\ Co., Ltd – Köln';
    // Already in stored form, so it is stored as the text sent (see read-manifest.ts).
    const sent = parcel(s10(81), { seller: { name: sellerName, country: 'CN' }, items: [{ description, hsCode: '640411', quantity: 1, value: 5, currency: 'EUR' }] });
    const res = await t.postManifest(manifest('TEXT-2', [sent]));
    const filed = (await res.json()) as { manifestId: string; accepted: number };
    expect(filed.accepted).toBe(1);
    const got = (await (await t.request(`/v1/manifests/${filed.manifestId}/parcels/${s10(81)}`, { key: t.keys.customs })).json()) as {
      parcel: { seller: { name: string }; items: { description: string }[] };
    };
    expect(got.parcel.seller.name).toBe(sellerName);
    expect(got.parcel.items[0]!.description).toBe(description);
    expect(got.parcel).toStrictEqual(sent);
    const row = await db.kysely.selectFrom('parcels').select('seller_name').where('item_id', '=', s10(81)).executeTakeFirstOrThrow();
    expect(row.seller_name).toBe(sellerName);
  });

  it('answers 400 for it in a JSON body, a path or a query, never a 500', async () => {
    const form = await t.request('/v1/applications', {
      method: 'POST',
      key: t.keys.rightsholder,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ holder: { name: 'Maison\u0000X', contact: 'ip@example.com' } }),
    });
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ error: { code: 'invalid_text', message: expect.stringContaining('holder.name') } });

    const path = await t.request('/v1/manifests/%00', { key: t.keys.operatorA });
    expect(path.status).toBe(400);
    expect(await path.json()).toMatchObject({ error: { code: 'invalid_path' } });

    const query = await t.request('/v1/parcels?operator=%00', { key: t.keys.customs });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ error: { code: 'invalid_query', errors: [{ path: 'query.operator' }] } });
  });
});
