/**
 * Learning from outcomes (issue 12): a detention of a parcel whose trademark evidence was a
 * disguised spelling makes that spelling a learnt alias of the application, with provenance, in
 * the outcome's transaction and a new registry version, so the next parcel with it is held at
 * once; customs lists and removes learnt aliases, and every change is audited. On every
 * configured database, through the real HTTP routes, dispatcher and worker pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../src/db/connect.ts';
import { latestRegistry } from '../src/db/registry.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE } from './support/registry.ts';
import { until } from './support/wait.ts';

describe.each(backends)('learnt aliases on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let pool: ScreeningPool;
  let serial = 700_000;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
    // Valid whatever today is; HOLDER-1 owns APP-NIKE.
    const applications = TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: a.id === 'APP-EXPIRED' ? '2001-01-01' : '2999-01-01', holderRef: a.id === 'APP-NIKE' ? 'HOLDER-1' : 'OTHER' }));
    expect((await t.request('/v1/registry/import', json('POST', t.keys.admin, { ...TEST_BUNDLE, applications }))).status).toBe(200);
    pool = new ScreeningPool(1);
  });
  afterAll(async () => {
    await pool.close();
    await db.close();
  });

  /** Files parcels with one line each and screens them with the real dispatcher and pool; returns their ids and decisions. */
  async function screened(descriptions: [string, string, number][]) {
    const list = descriptions.map(([description, hsCode, value]) => parcel(s10(serial++), { items: [{ description, hsCode, quantity: 1, value, currency: 'EUR', originCountry: 'CN' }] }));
    const filing = (await (await t.postManifest(manifest(`LEARN-${serial}`, list))).json()) as { manifestId: string };
    const d = new ScreeningDispatcher(db, pool, pino({ level: 'silent' }), { batchSize: 50, maxInFlight: 1, leaseMs: 60_000, idleMs: 20, registryPollMs: 50 });
    d.start();
    await until(async () => ((await (await t.request(`/v1/manifests/${filing.manifestId}`, { key: t.keys.operatorA })).json()) as { status: { screened: number } }).status.screened === list.length);
    await d.stop();
    const rows = await db.kysely.selectFrom('parcels').select(['id', 'item_id', 'decision']).where('manifest_id', '=', filing.manifestId).execute();
    return list.map((p) => rows.find((r) => r.item_id === p.itemId)!);
  }

  const learnt = async (key = t.keys.customs) => (await (await t.request('/v1/applications/APP-NIKE/learnt-aliases', { key })).json()) as { items: { alias: string; mark: string; parcelId: number; itemId: string; officer: string; learntAt: string }[] };
  const latestBundle = async () => RegistryBundleSchema.parse(JSON.parse((await latestRegistry(db))!.bundle));

  it('learns the disguised spelling of a detained parcel, publishes it, and holds the next parcel with it at once', async () => {
    // Before: "Nikey" with nothing but the declared code to back it is not read as Nike.
    const [before] = await screened([['Nikey Air 2024', '640411', 200]]);
    expect(before!.decision).toBe('release');

    const [caught, genuine] = await screened([
      ['Nikey running shoes', '640411', 15],
      ['Nike running shoes', '640411', 15],
    ]);
    expect(caught!.decision).toBe('hold');
    const versionBefore = (await latestRegistry(db))!.version;

    // A detention of a parcel that named the mark as registered teaches nothing.
    expect((await t.request(`/v1/parcels/${genuine!.id}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }))).status).toBe(201);
    expect((await learnt()).items).toEqual([]);
    expect((await latestRegistry(db))!.version).toBe(versionBefore);

    expect((await t.request(`/v1/parcels/${caught!.id}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }))).status).toBe(201);
    const items = (await learnt()).items;
    expect(items).toEqual([expect.objectContaining({ mark: 'Nike', alias: 'Nikey', parcelId: Number(caught!.id), itemId: caught!.item_id, officer: expect.stringMatching(/^customs:/) })]);
    expect(items[0]!.learntAt.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    // The holder sees its own application's learnt aliases too.
    expect((await learnt(t.keys.rightsholder)).items).toHaveLength(1);

    // In the same transaction: a new registry version that carries it, and the audit trail.
    const published = await latestRegistry(db);
    expect(published!.version).toBe(versionBefore + 1);
    expect((await latestBundle()).applications.find((a) => a.id === 'APP-NIKE')!.learntAliases).toEqual([expect.objectContaining({ mark: 'Nike', alias: 'Nikey', itemId: caught!.item_id })]);
    const trail = (await (await t.request('/v1/audit?action=learnt-alias.added', { key: t.keys.admin })).json()) as { items: { entityId: string; after: { alias: string } }[] };
    expect(trail.items.map((i) => [i.entityId, i.after.alias])).toEqual([['APP-NIKE', 'Nikey']]);

    // Detaining the same spelling again does not learn it twice.
    const [again] = await screened([['NIKEY running shoes', '640411', 15]]);
    expect((await t.request(`/v1/parcels/${again!.id}/outcomes`, json('POST', t.keys.customs, { action: 'seized' }))).status).toBe(201);
    expect((await learnt()).items).toHaveLength(1);

    // The next parcel with it is held at once, on the goods code alone.
    const [next] = await screened([['Nikey Air 2024', '640411', 200]]);
    expect(next!.decision).toBe('hold');
    const detail = (await (await t.request(`/v1/parcels/${next!.id}`, { key: t.keys.customs })).json()) as { decisions: { reasons: { kind: string; matched: string; note: string; weight: number }[] }[] };
    expect(detail.decisions.at(-1)!.reasons.find((r) => r.kind === 'trademark')).toMatchObject({ matched: 'Nikey', weight: 72, note: expect.stringContaining('known knock-off spelling') });
  });

  it('lets customs remove a learnt alias, audited, and publishes the registry without it', async () => {
    expect((await t.request('/v1/applications/APP-NIKE/learnt-aliases/Nikey', { method: 'DELETE', key: t.keys.rightsholder })).status).toBe(403);
    expect((await t.request('/v1/applications/APP-NIKE/learnt-aliases/Nope', { method: 'DELETE', key: t.keys.customs })).status).toBe(404);
    expect((await t.request('/v1/applications/APP-NONE/learnt-aliases', { key: t.keys.customs })).status).toBe(404);
    const before = (await latestRegistry(db))!.version;
    const res = await t.request('/v1/applications/APP-NIKE/learnt-aliases/nikey', { method: 'DELETE', key: t.keys.customs });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { removed: { alias: string }[]; registryVersion: number };
    expect(body.removed.map((r) => r.alias)).toEqual(['Nikey']);
    expect(body.registryVersion).toBe(before + 1);
    expect((await learnt()).items).toEqual([]);
    expect((await latestBundle()).applications.find((a) => a.id === 'APP-NIKE')!.learntAliases).toEqual([]);
    const trail = (await (await t.request('/v1/audit?action=learnt-alias.removed', { key: t.keys.admin })).json()) as { items: { entityId: string; actor: string }[] };
    expect(trail.items).toEqual([expect.objectContaining({ entityId: 'APP-NIKE', actor: expect.stringMatching(/^customs:/) })]);
    // Another holder's key sees nothing of this application.
    expect((await t.request('/v1/applications/APP-GUCCI/learnt-aliases', { key: t.keys.rightsholder })).status).toBe(404);
  });
});
