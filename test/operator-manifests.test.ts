/**
 * What an operator needs day to day without a shell: its manifests listed and found by reference,
 * date and mode; a parcel found by its item id (its own only); a resubmission under the same
 * reference with another envelope refused; amendments until customs records an outcome, each
 * screened again with every decision kept. On every configured database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../src/db/connect.ts';
import { saveRegistryVersion } from '../src/db/registry.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, parcels, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE } from './support/registry.ts';
import { until } from './support/wait.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ManifestItem {
  manifestId: string;
  manifestRef: string;
  operator: string;
  mode: string;
  receivedAt: string;
  statusUrl: string;
}

describe.each(backends)('operator manifests on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 7_700_000;
  const next = (n = 1) => {
    const list = parcels(n, serial);
    serial += n;
    return list;
  };
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = async <T>(path: string, key: string) => {
    const res = await t.request(path, { key });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };
  const file = async (ref: string, list: unknown[], overrides: Record<string, unknown> = {}, key = t.keys.operatorA) => {
    const res = await t.postManifest(manifest(ref, list, overrides), key);
    expect(res.status).toBe(202);
    return ((await res.json()) as { manifestId: string }).manifestId;
  };

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('lists an operator\'s own manifests newest first, by reference, mode and date, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await file(`LIST-${i}`, next(), i % 2 ? { mode: 'express' } : {}));
    // Another operator's manifest under a reference of A's: never in A's list.
    await file('LIST-0', next(), {}, t.keys.operatorB);
    // Received times an hour apart, the oldest first.
    for (const [i, id] of ids.entries()) {
      await db.kysely.updateTable('manifests').set({ received_at: `2026-03-0${i + 1}T10:00:00.000Z` }).where('id', '=', id).execute();
    }
    const all = await get<Page<ManifestItem>>('/v1/manifests?from=2026-03-01&to=2026-03-31', t.keys.operatorA);
    expect(all.items.map((m) => m.manifestRef)).toEqual(['LIST-4', 'LIST-3', 'LIST-2', 'LIST-1', 'LIST-0']);
    expect(all.items[0]).toMatchObject({ operator: 'OPA', mode: 'postal', statusUrl: `/v1/manifests/${ids[4]}` });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<ManifestItem> = await get(`/v1/manifests?from=2026-03-01&to=2026-03-31&limit=2${cursor ? `&cursor=${cursor}` : ''}`, t.keys.operatorA);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m.manifestRef));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['LIST-4', 'LIST-3', 'LIST-2', 'LIST-1', 'LIST-0']);

    expect((await get<Page<ManifestItem>>('/v1/manifests?manifestRef=LIST-3', t.keys.operatorA)).items.map((m) => m.manifestId)).toEqual([ids[3]]);
    expect((await get<Page<ManifestItem>>('/v1/manifests?mode=express&from=2026-03-01', t.keys.operatorA)).items.map((m) => m.manifestRef)).toEqual(['LIST-3', 'LIST-1']);
    // `to` is inclusive of its day; `from` and `to` may be instants.
    expect((await get<Page<ManifestItem>>('/v1/manifests?from=2026-03-02&to=2026-03-03', t.keys.operatorA)).items.map((m) => m.manifestRef)).toEqual(['LIST-2', 'LIST-1']);
    expect((await get<Page<ManifestItem>>('/v1/manifests?from=2026-03-02T10:00:00Z&to=2026-03-02T10:00:00Z', t.keys.operatorA)).items.map((m) => m.manifestRef)).toEqual(['LIST-1']);
  });

  it('lets customs and admin list every operator\'s manifests, or one operator\'s, and no one else', async () => {
    const refB = `LIST-B-${serial}`;
    await file(refB, next(), {}, t.keys.operatorB);
    const customs = await get<Page<ManifestItem>>(`/v1/manifests?manifestRef=${refB}`, t.keys.customs);
    expect(customs.items.map((m) => m.operator)).toEqual(['OPB']);
    const both = await get<Page<ManifestItem>>('/v1/manifests?manifestRef=LIST-0', t.keys.admin);
    expect(both.items.map((m) => m.operator).sort()).toEqual(['OPA', 'OPB']);
    expect((await get<Page<ManifestItem>>('/v1/manifests?manifestRef=LIST-0&operator=opb', t.keys.customs)).items.map((m) => m.operator)).toEqual(['OPB']);
    // An operator sees its own only, and may not ask for another's.
    expect((await get<Page<ManifestItem>>(`/v1/manifests?manifestRef=${refB}`, t.keys.operatorA)).items).toEqual([]);
    const other = await t.request('/v1/manifests?operator=OPB', { key: t.keys.operatorA });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { errors: [{ path: 'query.operator' }] } });
    expect((await t.request('/v1/manifests', { key: t.keys.rightsholder })).status).toBe(403);
    const bad = await t.request('/v1/manifests?from=2026-02-30&cursor=nope&mode=air', { key: t.keys.operatorA });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { errors: { path: string }[] } }).error.errors.map((e) => e.path).sort()).toEqual(['query.cursor', 'query.from', 'query.mode']);
  });

  it('finds a parcel by item id for its owner and for customs, never for another operator', async () => {
    const [p] = next();
    const idA = await file(`ITEM-${serial}`, [p]);
    const idB = await file(`ITEM-B-${serial}`, [p], {}, t.keys.operatorB);
    const spaced = p!.itemId.toLowerCase().replace(/^(..)(\d{4})/, '$1 $2 ');
    const own = await get<{ items: Record<string, unknown>[] }>(`/v1/parcels/by-item/${encodeURIComponent(spaced)}`, t.keys.operatorA);
    expect(own.items).toHaveLength(1);
    expect(own.items[0]).toMatchObject({ itemId: p!.itemId, operator: 'OPA', manifestId: idA, status: 'pending', decision: null, parcelUrl: `/v1/manifests/${idA}/parcels/${p!.itemId}` });
    expect(own.items[0]).not.toHaveProperty('caseUrl');
    const detail = await t.request(own.items[0]!.parcelUrl as string, { key: t.keys.operatorA });
    expect(detail.status).toBe(200);

    const customs = await get<{ items: { operator: string; manifestId: string; caseUrl: string; parcelId: number }[] }>(`/v1/parcels/by-item/${p!.itemId}`, t.keys.customs);
    expect(customs.items.map((i) => [i.operator, i.manifestId])).toEqual([['OPA', idA], ['OPB', idB]]);
    expect(customs.items[0]!.caseUrl).toBe(`/v1/parcels/${customs.items[0]!.parcelId}`);
    expect((await t.request(customs.items[0]!.caseUrl, { key: t.keys.customs })).status).toBe(200);

    // Another operator's item id and an item id nobody filed answer alike.
    const [q] = next();
    await file(`ITEM-C-${serial}`, [q], {}, t.keys.operatorB);
    const foreign = await t.request(`/v1/parcels/by-item/${q!.itemId}`, { key: t.keys.operatorA });
    const missing = await t.request(`/v1/parcels/by-item/${s10(serial++)}`, { key: t.keys.operatorA });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(await foreign.json()).toEqual(await missing.json());
    expect((await t.request(`/v1/parcels/by-item/${p!.itemId}`, { key: t.keys.rightsholder })).status).toBe(403);
    // The queue and the case files stay customs-only.
    expect((await t.request('/v1/parcels', { key: t.keys.operatorA })).status).toBe(403);
  });

  it('keeps fields the contract does not name under extra: stored, returned and shown in the case file', async () => {
    const p = { ...parcel(s10(serial++)), insurance: { value: 5, currency: 'EUR' }, consignee: { name: 'Anna', country: 'BE', eori: 'be0123456789', floor: 3 } };
    const id = await file(`EXTRA-${serial}`, [p]);
    const own = await get<{ parcel: Record<string, unknown> }>(`/v1/manifests/${id}/parcels/${p.itemId}`, t.keys.operatorA);
    expect(own.parcel).toMatchObject({ extra: { insurance: { value: 5, currency: 'EUR' } }, consignee: { eori: 'BE0123456789', extra: { floor: 3 } } });
    expect(own.parcel).not.toHaveProperty('insurance');
    const { items } = await get<{ items: { caseUrl: string }[] }>(`/v1/parcels/by-item/${p.itemId}`, t.keys.customs);
    const caseFile = await get<{ parcel: Record<string, unknown> }>(items[0]!.caseUrl, t.keys.customs);
    expect(caseFile.parcel).toMatchObject({ extra: { insurance: { value: 5, currency: 'EUR' } }, consignee: { extra: { floor: 3 } } });
  });

  it('refuses a resubmission of a reference with another mode, regime or destination (409), storing nothing', async () => {
    const [a, b] = next(2);
    const id = await file(`ENV-${serial}`, [a]);
    const before = await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const express = parcel(`1Z${serial}AA`);
    const res = await t.postManifest(manifest(`ENV-${serial}`, [express, b], { mode: 'express', regime: 'export', destinationCountry: 'us' }));
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string; errors: { path: string; message: string }[] } };
    expect(body.error.code).toBe('manifest_conflict');
    expect(body.error.errors).toEqual([
      { path: 'mode', message: 'was postal when the manifest was filed; this request says express' },
      { path: 'regime', message: 'was import when the manifest was filed; this request says export' },
      { path: 'destinationCountry', message: 'was BE when the manifest was filed; this request says US' },
    ]);
    const after = await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // One field differing is named alone; the same envelope still adds parcels to the manifest.
    const one = await t.postManifest(manifest(`ENV-${serial}`, [b], { destinationCountry: 'FR' }));
    expect(((await one.json()) as typeof body).error.errors.map((e) => e.path)).toEqual(['destinationCountry']);
    const same = await t.postManifest(manifest(`ENV-${serial}`, [b]));
    expect(await same.json()).toMatchObject({ manifestId: id, accepted: 1 });
  });

  it('answers a JSON filing with query parameters with 400, and files CSV with lines in its answer', async () => {
    const [p] = next();
    const res = await t.request(`/v1/manifests?manifestRef=Q`, json('POST', t.keys.operatorA, manifest(`JQ-${serial}`, [p])));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_query', errors: [{ path: 'query.manifestRef' }] } });

    const [c1, c2] = next(2);
    const header = 'item_id;category;seller_name;seller_country;sender_name;sender_country;consignee_name;consignee_country;description;hs_code;quantity;value;currency';
    const line = (id: string, value: string) => `${id};sale_of_goods;Shop;CN;Shop;CN;Anna;BE;Wallet;4202.31;1;${value};EUR`;
    const post = (body: string, ref: string) =>
      t.request(`/v1/manifests?manifestRef=${ref}&mode=postal&regime=import&destinationCountry=BE`, { method: 'POST', key: t.keys.operatorA, headers: { 'content-type': 'text/csv' }, body });
    await file(`CSV-PRE-${serial}`, [c1]);
    const filed = await post(`\ufeff${header}\r\n${line(c1!.itemId, '1')}\r\n${line(c2!.itemId, '19,90')}\r\n${line(s10(serial++), 'lots')}\r\n`, `CSV-${serial}`);
    expect(filed.status).toBe(202);
    expect(await filed.json()).toMatchObject({
      accepted: 1,
      duplicates: [{ index: 0, itemId: c1!.itemId, line: 2 }],
      rejected: [{ index: 2, line: 4, errors: [{ path: 'line 4, column value', line: 4, column: 'value', value: 'lots', message: 'must be a number' }] }],
    });
    const badHeader = await post(`${header.replace('hs_code', 'hscode')}\n${line(s10(serial++), '1')}`, `CSV-H-${serial}`);
    expect(badHeader.status).toBe(400);
    expect(await badHeader.json()).toMatchObject({ error: { code: 'invalid_csv_header', message: 'CSV header: unknown column hscode; missing column hs_code' } });
  });

  describe('amendments', () => {
    let pool: ScreeningPool;
    beforeAll(async () => {
      const bundle = RegistryBundleSchema.parse({
        ...TEST_BUNDLE,
        applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: '2999-01-01' })),
      });
      await saveRegistryVersion(db, JSON.stringify(bundle), 'test', null);
      pool = new ScreeningPool(1);
    });
    afterAll(() => pool.close());

    async function screenAll() {
      const d = new ScreeningDispatcher(db, pool, pino({ level: 'silent' }), { batchSize: 50, maxInFlight: 1, leaseMs: 60_000, idleMs: 20, registryPollMs: 1000 });
      d.start();
      await until(async () => Number((await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '<>', 'screened').executeTakeFirstOrThrow()).n) === 0);
      await d.stop();
    }

    it('screens an amendment made after a decision again: the new decision supersedes, both are kept', async () => {
      const fake = parcel(s10(serial++), { items: [{ description: 'N1ke Air Max running shoes', hsCode: '640411', quantity: 1, value: 15, currency: 'EUR' }] });
      const id = await file(`AMEND-D-${serial}`, [fake]);
      await screenAll();
      const url = `/v1/manifests/${id}/parcels/${fake.itemId}`;
      expect(await get(url, t.keys.operatorA)).toMatchObject({ revision: 1, decision: 'hold' });

      const corrected = { ...fake, items: [{ description: 'Wooden toy train', hsCode: '950300', quantity: 1, value: 15, currency: 'EUR' }] };
      const put = await t.request(url, json('PUT', t.keys.operatorA, corrected));
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ itemId: fake.itemId, revision: 2, status: 'pending', previousDecision: 'hold' });
      // Until screened again the amended revision has no decision.
      expect(await get(url, t.keys.operatorA)).toMatchObject({ revision: 2, status: 'pending', decision: null });
      await screenAll();

      type Detail = { revision: number; decision: string; decisions: { decision: string; parcelRevision: number; superseded: boolean; reasons?: unknown[] }[]; revisions: { revision: number }[] };
      const detail = await get<Detail>(url, t.keys.customs);
      expect(detail).toMatchObject({ revision: 2, decision: 'release' });
      expect(detail.decisions.map((d) => [d.decision, d.parcelRevision, d.superseded])).toEqual([['hold', 1, true], ['release', 2, false]]);
      expect(detail.revisions.map((r) => r.revision)).toEqual([1]);
      // The operator sees both decisions too, without the evidence.
      const own = await get<Detail>(url, t.keys.operatorA);
      expect(own.decisions.map((d) => [d.decision, d.parcelRevision, d.superseded, d.reasons])).toEqual([['hold', 1, true, undefined], ['release', 2, false, undefined]]);
      // The case file shows both, each naming its revision.
      const lookup = await get<{ items: { caseUrl: string }[] }>(`/v1/parcels/by-item/${fake.itemId}`, t.keys.customs);
      const file2 = await get<{ decisions: { decision: string; parcelRevision: number }[] }>(lookup.items[0]!.caseUrl, t.keys.customs);
      expect(file2.decisions.map((d) => [d.decision, d.parcelRevision])).toEqual([['hold', 1], ['release', 2]]);
    });

    it('refuses an amendment once customs recorded an outcome (409 naming it)', async () => {
      const fake = parcel(s10(serial++), { items: [{ description: 'Gucci handbag replica', hsCode: '420221', quantity: 1, value: 15, currency: 'EUR' }] });
      const id = await file(`AMEND-O-${serial}`, [fake]);
      await screenAll();
      const { items } = await get<{ items: { parcelId: number }[] }>(`/v1/parcels/by-item/${fake.itemId}`, t.keys.customs);
      const outcome = await t.request(`/v1/parcels/${items[0]!.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }));
      expect(outcome.status).toBe(201);
      const put = await t.request(`/v1/manifests/${id}/parcels/${fake.itemId}`, json('PUT', t.keys.operatorA, fake));
      expect(put.status).toBe(409);
      expect(await put.json()).toEqual({ error: { code: 'outcome_recorded', message: 'customs recorded the outcome detained for this parcel: it can no longer be amended' } });
      expect(await get(`/v1/manifests/${id}/parcels/${fake.itemId}`, t.keys.operatorA)).toMatchObject({ revision: 1, decision: 'hold' });
    });
  });
});
