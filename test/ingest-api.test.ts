/**
 * The ingest API end to end through `app.request()`, on every configured storage backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { backends } from './support/db.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { manifest, parcel, parcels, s10 } from './support/fixtures.ts';

interface Filing {
  manifestId: string;
  accepted: number;
  duplicates: { index: number; itemId: string }[];
  rejected: { index: number; itemId: string | null; errors: { path: string; message: string }[] }[];
  statusUrl: string;
}

describe.each(backends)('ingest API on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 1000;
  const nextParcels = (n: number) => {
    const list = parcels(n, serial);
    serial += n;
    return list;
  };

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(async () => {
    await db.close();
  });

  async function count(table: 'parcels' | 'manifests'): Promise<number> {
    const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('stores valid parcels and rejects invalid ones one by one (202)', async () => {
    const good = nextParcels(3);
    const res = await t.postManifest(manifest('PARTIAL-1', [good[0], { itemId: 'RB123456786US' }, good[1], parcel(s10(serial++), { category: 'bribe' as never }), good[2]]));
    expect(res.status).toBe(202);
    const body = (await res.json()) as Filing;
    expect(body.accepted).toBe(3);
    expect(body.rejected.map((r) => [r.index, r.errors[0]!.path])).toEqual([
      [1, 'parcels[1].itemId'],
      [3, 'parcels[3].category'],
    ]);
    expect(body.statusUrl).toBe(`/v1/manifests/${body.manifestId}`);

    const status = await t.request(body.statusUrl, { key: t.keys.operatorA });
    expect(await status.json()).toMatchObject({
      manifestRef: 'PARTIAL-1',
      operator: 'OPA',
      parcels: 3,
      status: { pending: 3, screening: 0, screened: 0, rescreen: 0 },
      decisions: { hold: 0, review: 0, release: 0 },
    });
  });

  it('answers 400 for a body that is not JSON or not a manifest, storing nothing', async () => {
    const before = await count('parcels');
    const notJson = await t.postManifest('{"manifestRef": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'malformed_json' } });
    const wrongShape = await t.postManifest({ manifestRef: 'X', mode: 'postal', regime: 'import', destinationCountry: 'BE', parcels: 'all of them' });
    expect(wrongShape.status).toBe(400);
    expect(await wrongShape.json()).toMatchObject({ error: { code: 'invalid_manifest', errors: [{ path: 'parcels' }] } });
    const array = await t.postManifest([1, 2]);
    expect(array.status).toBe(400);
    expect(await count('parcels')).toBe(before);
  });

  it('answers 415 for other content types and 413 over the size limit', async () => {
    const xml = await t.request('/v1/manifests', { method: 'POST', key: t.keys.operatorA, headers: { 'content-type': 'application/xml' }, body: '<m/>' });
    expect(xml.status).toBe(415);
    const none = await t.request('/v1/manifests', { method: 'POST', key: t.keys.operatorA, body: '{}' });
    expect(none.status).toBe(415);
    const small = await buildTestApp(db, { MAX_BODY_BYTES: '2048' });
    const big = await small.postManifest(manifest('BIG', nextParcels(20)), small.keys.operatorA);
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 422 with every reason when no parcel is valid', async () => {
    const res = await t.postManifest(manifest('ALL-BAD', [{ itemId: 'RB123456786US' }, { itemId: 'nope' }]));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { rejected: Filing['rejected'] };
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
  });

  it('is idempotent: the same manifest again gets the same id and stores nothing twice', async () => {
    const list = nextParcels(4);
    const first = (await (await t.postManifest(manifest('IDEM-1', list))).json()) as Filing;
    const before = await count('parcels');
    const again = await t.postManifest(manifest('IDEM-1', list));
    expect(again.status).toBe(202);
    const second = (await again.json()) as Filing;
    expect(second.manifestId).toBe(first.manifestId);
    expect(second.accepted).toBe(0);
    expect(second.duplicates.map((d) => d.index)).toEqual([0, 1, 2, 3]);
    expect(await count('parcels')).toBe(before);
  });

  it('reports item ids filed before in another manifest, or twice in one, as duplicates', async () => {
    const [a, b] = nextParcels(2);
    await t.postManifest(manifest('DUP-1', [a]));
    const res = (await (await t.postManifest(manifest('DUP-2', [b, a, b]))).json()) as Filing;
    expect(res.accepted).toBe(1);
    expect(res.duplicates).toEqual([
      { index: 1, itemId: a!.itemId },
      { index: 2, itemId: b!.itemId },
    ]);
    // Another operator may carry the same S10 id (ids are per operator).
    const other = (await (await t.postManifest(manifest('DUP-3', [a]), t.keys.operatorB)).json()) as Filing;
    expect(other.accepted).toBe(1);
  });

  it('files a CSV manifest', async () => {
    const [p] = nextParcels(1);
    const csv = [
      'item_id,category,seller_name,seller_country,sender_name,sender_country,consignee_name,consignee_country,description,hs_code,quantity,value,currency',
      `${p!.itemId},sale_of_goods,Shop,CN,Shop,CN,Anna,BE,Leather wallet,4202.31,1,19.9,EUR`,
      `${p!.itemId},sale_of_goods,Shop,CN,Shop,CN,Anna,BE,Belt,4203.30,1,5,EUR`,
    ].join('\n');
    const res = await t.request('/v1/manifests?manifestRef=CSV-1&mode=postal&regime=import&destinationCountry=BE', {
      method: 'POST',
      key: t.keys.operatorA,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: csv,
    });
    expect(res.status).toBe(202);
    const filing = (await res.json()) as Filing;
    const detail = (await (await t.request(`/v1/manifests/${filing.manifestId}/parcels/${p!.itemId}`, { key: t.keys.operatorA })).json()) as {
      parcel: { items: { description: string; hsCode: string }[] };
    };
    expect(detail.parcel.items.map((i) => i.hsCode)).toEqual(['420231', '420330']);
  });

  it('keeps amendments in the parcel history, takes them after a decision and refuses them after an outcome', async () => {
    const [p] = nextParcels(1);
    const filing = (await (await t.postManifest(manifest('AMEND-1', [p]))).json()) as Filing;
    const url = `/v1/manifests/${filing.manifestId}/parcels/${p!.itemId}`;
    const amended = { ...p!, items: [{ ...p!.items[0]!, description: 'Running shoes, leather upper', value: 59 }] };
    const put = await t.request(url, { method: 'PUT', key: t.keys.operatorA, headers: { 'content-type': 'application/json' }, body: JSON.stringify(amended) });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ itemId: p!.itemId, revision: 2, status: 'pending', previousDecision: null });

    const detail = (await (await t.request(url, { key: t.keys.operatorA })).json()) as {
      revision: number;
      parcel: { items: { value: number }[] };
      revisions: { revision: number; parcel: { items: { value: number }[] }; replacedBy: string }[];
    };
    expect(detail.revision).toBe(2);
    expect(detail.parcel.items[0]!.value).toBe(59);
    expect(detail.revisions).toHaveLength(1);
    expect(detail.revisions[0]!.revision).toBe(1);
    expect(detail.revisions[0]!.parcel.items[0]!.value).toBe(24.9);

    const wrongId = await t.request(url, { method: 'PUT', key: t.keys.operatorA, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...amended, itemId: s10(serial++) }) });
    expect(wrongId.status).toBe(422);
    expect(await wrongId.json()).toMatchObject({ error: { errors: [{ path: 'itemId' }] } });
    const invalid = await t.request(url, { method: 'PUT', key: t.keys.operatorA, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...amended, items: [] }) });
    expect(invalid.status).toBe(422);

    await db.kysely.updateTable('parcels').set({ decision: 'release', status: 'screened' }).where('item_id', '=', p!.itemId).execute();
    const decided = await t.request(url, { method: 'PUT', key: t.keys.operatorA, headers: { 'content-type': 'application/json' }, body: JSON.stringify(amended) });
    expect(await decided.json()).toEqual({ itemId: p!.itemId, revision: 3, status: 'pending', previousDecision: 'release' });
    await db.kysely.updateTable('parcels').set({ decision: 'hold', status: 'screened', customs_outcome: 'seized' }).where('item_id', '=', p!.itemId).execute();
    const late = await t.request(url, { method: 'PUT', key: t.keys.operatorA, headers: { 'content-type': 'application/json' }, body: JSON.stringify(amended) });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'outcome_recorded' } });
  });

  it('lists parcels with decision filter and cursor paging', async () => {
    const list = nextParcels(7);
    const filing = (await (await t.postManifest(manifest('PAGE-1', list))).json()) as Filing;
    await db.kysely.updateTable('parcels').set({ decision: 'hold', status: 'screened', risk_score: 90 })
      .where('item_id', 'in', [list[1]!.itemId, list[5]!.itemId]).execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await (await t.request(`/v1/manifests/${filing.manifestId}/parcels?limit=3${q}`, { key: t.keys.operatorA })).json()) as {
        items: { itemId: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((i) => i.itemId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(list.map((p) => p.itemId));

    const holds = (await (await t.request(`/v1/manifests/${filing.manifestId}/parcels?decision=hold`, { key: t.keys.operatorA })).json()) as {
      items: { itemId: string; decision: string; riskScore: number }[];
    };
    expect(holds.items.map((i) => [i.itemId, i.decision, i.riskScore])).toEqual([
      [list[1]!.itemId, 'hold', 90],
      [list[5]!.itemId, 'hold', 90],
    ]);
    const bad = await t.request(`/v1/manifests/${filing.manifestId}/parcels?decision=maybe&cursor=zzz`, { key: t.keys.operatorA });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { errors: { path: string }[] } };
    expect(badBody.error.errors.map((e) => e.path).sort()).toEqual(['query.cursor', 'query.decision']);
  });

  it('confines operators to their own manifests (404), lets customs read them, keeps others out', async () => {
    const filing = (await (await t.postManifest(manifest('ISO-1', nextParcels(1)))).json()) as Filing;
    const url = `/v1/manifests/${filing.manifestId}`;
    expect((await t.request(url, { key: t.keys.operatorB })).status).toBe(404);
    expect((await t.request(`${url}/parcels`, { key: t.keys.operatorB })).status).toBe(404);
    expect((await t.request(url, { key: t.keys.customs })).status).toBe(200);
    expect((await t.request(url, { key: t.keys.admin })).status).toBe(200);
    expect((await t.request(url, { key: t.keys.rightsholder })).status).toBe(403);
    expect((await t.postManifest(manifest('CUSTOMS-FILES', nextParcels(1)), t.keys.customs)).status).toBe(403);
    expect((await t.request(url)).status).toBe(401);
    expect((await t.request(url, { key: 'psk_not-a-real-key' })).status).toBe(401);
    // The same manifestRef from another operator is a different manifest.
    const otherB = (await (await t.postManifest(manifest('ISO-1', nextParcels(1)), t.keys.operatorB)).json()) as Filing;
    expect(otherB.manifestId).not.toBe(filing.manifestId);
  });

  it('never answers 5xx, whatever the body', async () => {
    const good = parcels(1, 9_000_000)[0]!;
    const junk: unknown[] = [
      null, 0, 'text', true, {}, { parcels: null }, { __proto__: { mode: 'postal' } },
      manifest('J', [null, 1, 'x', [], { itemId: 42 }, { ...good, items: [null] }, { ...good, items: [{ ...good.items[0], value: 'NaN', quantity: Infinity }] }]),
      manifest('J', [{ ...good, seller: 'nobody' }, { ...good, sender: { name: 'x'.repeat(100_000), country: 'CN' } }]),
      manifest('J', [{ ...good, items: Array.from({ length: 2000 }, () => good.items[0]) }]),
      manifest('\u0000\uffff', [good], { mode: 'express', regime: 'free_zone' }),
      manifest('J', [{ ...good, consignee: { name: 'Ἀλέξανδρος 🚀', country: 'gr' }, items: [{ ...good.items[0], hsCode: 640411 }] }]),
    ];
    for (const body of junk) {
      const res = await t.postManifest(JSON.stringify(body));
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
    }
    for (const text of ['', ' ', '[', '{"a":1}{', '\u0000', 'null']) {
      expect((await t.postManifest(text)).status, text).toBe(400);
    }
  });

  it('pushes back with 503 and Retry-After when the backlog is full, storing nothing', async () => {
    const full = await buildTestApp(db, { BACKLOG_LIMIT: '1', BACKLOG_RETRY_AFTER_SECONDS: '7' });
    const before = await count('parcels');
    const manifestsBefore = await count('manifests');
    const res = await full.postManifest(manifest('FULL-1', nextParcels(2)), full.keys.operatorA);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await count('parcels')).toBe(before);
    expect(await count('manifests')).toBe(manifestsBefore);
  });
});
