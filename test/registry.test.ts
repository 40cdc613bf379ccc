/**
 * The managed registry: the application life cycle, holder isolation, bundle import/export,
 * indicators, hot registry swaps and re-screening of parcels still under control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../src/db/connect.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { until } from './support/wait.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE } from './support/registry.ts';

const form = (mark: string, extra: Record<string, unknown> = {}) => ({
  holder: { name: `${mark} Holdings`, contact: `ipr@${mark.toLowerCase()}.example` },
  trademarks: [{ mark, aliases: [], hsCodes: ['64'], registration: 'EUTM 000000001', jurisdiction: 'EU' }],
  authorizedSellers: [`${mark} Store`],
  priceFloors: [{ hsCode: '64', value: 50, currency: 'EUR' }],
  authenticProductNotes: 'hologram label inside the tongue',
  evidence: ['EUTM certificate 000000001'],
  ...extra,
});

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);


describe.each(backends)('registry management on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let holderB: string;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
    holderB = (await createApiKey(db, { role: 'rightsholder', holderRef: 'HOLDER-2' })).key;
  });
  afterAll(() => db.close());

  it('takes an application through submission, acceptance, renewal and expiry', async () => {
    const lodged = await t.request('/v1/applications', json('POST', t.keys.rightsholder, form('Quokka', { requestedValidUntil: inDays(30) })));
    expect(lodged.status).toBe(201);
    const app = (await lodged.json()) as { id: string; status: string; holderRef: string };
    expect(app).toMatchObject({ status: 'submitted', holderRef: 'HOLDER-1' });

    const accepted = await t.request(`/v1/applications/${app.id}/decision`, json('POST', t.keys.customs, { decision: 'accept' }));
    expect(accepted.status).toBe(200);
    const a = (await accepted.json()) as { status: string; validFrom: string; validUntil: string; registryVersion: number };
    expect(a.status).toBe('accepted');
    expect(a.validFrom).toBe(today());
    // At least a year from acceptance, although the holder asked for 30 days.
    expect(a.validUntil).toBe(inDays(365));
    expect(a.registryVersion).toBeGreaterThanOrEqual(1);
    expect((await t.request(`/v1/applications/${app.id}/decision`, json('POST', t.keys.customs, { decision: 'accept' }))).status).toBe(409);

    const renewed = await t.request(`/v1/applications/${app.id}/renewals`, json('POST', t.keys.rightsholder, { continuingRight: ['renewal certificate 2026'], infringement: ['test purchase report 2026-05'] }));
    expect(renewed.status).toBe(200);
    const r = (await renewed.json()) as { validUntil: string; registryVersion: number };
    expect(r.validUntil).toBe(new Date(Date.parse(`${a.validUntil}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10));
    expect(r.registryVersion).toBe(a.registryVersion + 1);
    const badRenewal = await t.request(`/v1/applications/${app.id}/renewals`, json('POST', t.keys.rightsholder, { continuingRight: [] }));
    expect(badRenewal.status).toBe(422);
    expect(((await badRenewal.json()) as { error: { errors: { path: string }[] } }).error.errors.map((e) => e.path).sort()).toEqual(['continuingRight', 'infringement']);

    const history = (await (await t.request(`/v1/applications/${app.id}/history`, { key: t.keys.rightsholder })).json()) as { items: { action: string; details: Record<string, unknown> }[] };
    expect(history.items.map((h) => h.action)).toEqual(['submitted', 'accepted', 'renewed']);
    expect(history.items[2]!.details).toMatchObject({ previousValidUntil: a.validUntil, continuingRight: ['renewal certificate 2026'] });

    const expiring = (await (await t.request('/v1/applications?expiringWithinDays=800', { key: t.keys.customs })).json()) as { items: { id: string }[] };
    expect(expiring.items.map((i) => i.id)).toContain(app.id);
    const notYet = (await (await t.request('/v1/applications?expiringWithinDays=30', { key: t.keys.customs })).json()) as { items: { id: string }[] };
    expect(notYet.items.map((i) => i.id)).not.toContain(app.id);

    // Validity over: it reads as expired, and a renewal brings it back.
    await db.kysely.updateTable('applications').set({ valid_until: today() }).where('id', '=', app.id).execute();
    expect(((await (await t.request(`/v1/applications/${app.id}`, { key: t.keys.rightsholder })).json()) as { status: string }).status).toBe('expired');
    const expired = (await (await t.request('/v1/applications?status=expired', { key: t.keys.customs })).json()) as { items: { id: string }[] };
    expect(expired.items.map((i) => i.id)).toContain(app.id);
    const revived = (await (await t.request(`/v1/applications/${app.id}/renewals`, json('POST', t.keys.customs, { continuingRight: ['x'], infringement: ['y'] }))).json()) as { status: string; validUntil: string };
    expect(revived).toMatchObject({ status: 'accepted', validUntil: inDays(365) });
  });

  it('rejects with a reason, lets the holder amend and resubmit, and validates the form field by field', async () => {
    const app = (await (await t.request('/v1/applications', json('POST', t.keys.rightsholder, form('Wombat')))).json()) as { id: string };
    expect((await t.request(`/v1/applications/${app.id}/decision`, json('POST', t.keys.customs, { decision: 'reject' }))).status).toBe(422);
    const rejected = (await (await t.request(`/v1/applications/${app.id}/decision`, json('POST', t.keys.customs, { decision: 'reject', reason: 'no evidence of ownership' }))).json()) as { status: string; decisionReason: string };
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'no evidence of ownership' });
    const amended = await t.request(`/v1/applications/${app.id}`, json('PUT', t.keys.rightsholder, form('Wombat', { evidence: ['assignment deed 2019'] })));
    expect(((await amended.json()) as { status: string }).status).toBe('submitted');

    const invalid = await t.request('/v1/applications', json('POST', t.keys.rightsholder, { holder: { name: '' }, trademarks: [{ mark: 'X', hsCodes: ['6'] }] }));
    expect(invalid.status).toBe(422);
    const paths = ((await invalid.json()) as { error: { errors: { path: string }[] } }).error.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['holder.name', 'holder.contact', 'trademarks[0].hsCodes[0]', 'evidence']));
    // Customs lodging on a holder's behalf must name the holder.
    const noHolder = await t.request('/v1/applications', json('POST', t.keys.customs, form('Numbat')));
    expect(((await noHolder.json()) as { error: { errors: { path: string }[] } }).error.errors[0]!.path).toBe('holderRef');
    expect((await t.request('/v1/applications', json('POST', t.keys.customs, form('Numbat', { holderRef: 'HOLDER-2' })))).status).toBe(201);
  });

  it('keeps each holder to its own applications through every endpoint', async () => {
    const app = (await (await t.request('/v1/applications', json('POST', t.keys.rightsholder, form('Bilby')))).json()) as { id: string };
    const theirs = (await (await t.request('/v1/applications', { key: holderB })).json()) as { items: { id: string; holderRef: string }[] };
    expect(theirs.items.every((i) => i.holderRef === 'HOLDER-2')).toBe(true);
    expect(theirs.items.map((i) => i.id)).not.toContain(app.id);
    expect((await t.request(`/v1/applications/${app.id}`, { key: holderB })).status).toBe(404);
    expect((await t.request(`/v1/applications/${app.id}/history`, { key: holderB })).status).toBe(404);
    expect((await t.request(`/v1/applications/${app.id}`, json('PUT', holderB, form('Bilby')))).status).toBe(404);
    expect((await t.request(`/v1/applications/${app.id}/renewals`, json('POST', holderB, { continuingRight: ['x'], infringement: ['y'] }))).status).toBe(404);
    expect((await t.request(`/v1/applications/${app.id}/decision`, json('POST', holderB, { decision: 'accept' }))).status).toBe(403);
    expect((await t.request('/v1/applications', json('POST', holderB, form('Bilby', { holderRef: 'HOLDER-1' })))).status).toBe(422);
    for (const path of ['/v1/registry/export', '/v1/registry/versions', '/v1/indicators', '/v1/indicators/watched-sellers']) {
      expect((await t.request(path, { key: holderB })).status, path).toBe(403);
      expect((await t.request(path, { key: t.keys.operatorA })).status, path).toBe(403);
    }
    expect((await t.request('/v1/applications', { key: t.keys.operatorA })).status).toBe(403);
  });

  it('exports the bundle it imported', async () => {
    const input = RegistryBundleSchema.parse(TEST_BUNDLE);
    const res = await t.request('/v1/registry/import', json('POST', t.keys.admin, TEST_BUNDLE));
    expect(res.status).toBe(200);
    const exported = RegistryBundleSchema.parse(await (await t.request('/v1/registry/export', { key: t.keys.customs })).json());
    // Generated fields (holder references derived from names) aside, the bundle comes back as it went in.
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    const ours = exported.applications.filter((a) => input.applications.some((i) => i.id === a.id)).map(({ holderRef: _generated, ...a }) => a);
    expect(ours.sort(byId)).toEqual([...input.applications].sort(byId));
    expect(exported.indicators).toEqual(input.indicators);
    const bad = await t.request('/v1/registry/import', json('POST', t.keys.admin, { applications: [{ id: 'X', trademarks: [] }] }));
    expect(bad.status).toBe(422);
  });

  it('manages indicators, each change a new registry version', async () => {
    const versions = async () => ((await (await t.request('/v1/registry/versions', { key: t.keys.customs })).json()) as { items: { version: number }[] }).items[0]!.version;
    const before = await versions();
    const added = await t.request('/v1/indicators/watched-sellers', json('POST', t.keys.customs, { name: 'Fake Factory Ltd', country: 'CN', risk: 'high', reason: 'seizure 2026-11', source: 'customs office BE' }));
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    expect(await versions()).toBe(before + 1);
    const list = (await (await t.request('/v1/indicators/watched-sellers', { key: t.keys.customs })).json()) as { items: { id: string; name: string }[] };
    expect(list.items.find((i) => i.id === id)).toMatchObject({ name: 'Fake Factory Ltd' });
    expect((await t.request(`/v1/indicators/watched-sellers/${id}`, json('PUT', t.keys.customs, { name: 'Fake Factory Ltd', risk: 'medium' }))).status).toBe(200);
    expect((await t.request('/v1/indicators/keywords', json('POST', t.keys.customs, { term: '', risk: 'extreme' }))).status).toBe(422);
    expect((await t.request('/v1/indicators/scoring', json('PUT', t.keys.admin, { holdAt: 75, reviewAt: 40 }))).status).toBe(200);
    expect((await t.request('/v1/indicators/de-minimis', json('POST', t.keys.customs, { country: 'CH', value: 5, currency: 'CHF' }))).status).toBe(201);
    const bundle = RegistryBundleSchema.parse(await (await t.request('/v1/registry/export', { key: t.keys.customs })).json());
    expect(bundle.indicators.watchedSellers.find((w) => w.name === 'Fake Factory Ltd')).toMatchObject({ risk: 'medium' });
    expect(bundle.indicators.scoring).toMatchObject({ holdAt: 75, reviewAt: 40 });
    expect(bundle.indicators.deMinimisByCountry).toContainEqual({ country: 'CH', value: 5, currency: 'CHF' });
    expect((await t.request(`/v1/indicators/watched-sellers/${id}`, { method: 'DELETE', key: t.keys.customs })).status).toBe(200);
    expect((await t.request(`/v1/indicators/watched-sellers/${id}`, { method: 'DELETE', key: t.keys.customs })).status).toBe(404);
    await t.request('/v1/indicators/scoring', json('PUT', t.keys.admin, {}));
  });

  it('re-screens a released parcel under control into a hold once a matching application is accepted', async () => {
    const pool = new ScreeningPool(1);
    const dispatcher = new ScreeningDispatcher(db, pool, pino({ level: process.env.TEST_LOG ?? 'silent' }), { batchSize: 100, maxInFlight: 2, leaseMs: 60_000, idleMs: 20, registryPollMs: 50 });
    try {
      await t.request('/v1/registry/import', json('POST', t.keys.admin, TEST_BUNDLE));
      dispatcher.start();
      const p = parcel(s10(880_001), { items: [{ description: 'Zorblax running shoes', hsCode: '640411', quantity: 1, value: 20, currency: 'EUR' }] });
      const filing = (await (await t.postManifest(manifest('RESCREEN-1', [p]))).json()) as { manifestId: string };
      const url = `/v1/manifests/${filing.manifestId}/parcels/${p.itemId}`;
      type Detail = { status: string; decision: string; decisions: { decision: string; registryVersion: number }[] };
      const detail = async () => (await (await t.request(url, { key: t.keys.customs })).json()) as Detail;
      await until(async () => (await detail()).status === 'screened');
      expect((await detail()).decision).toBe('release');

      const app = (await (await t.request('/v1/applications', json('POST', t.keys.rightsholder, form('Zorblax')))).json()) as { id: string };
      const accepted = (await (await t.request(`/v1/applications/${app.id}/decision`, json('POST', t.keys.customs, { decision: 'accept' }))).json()) as { registryVersion: number; rescreenQueued: boolean };
      expect(accepted.rescreenQueued).toBe(true);
      await until(async () => (await detail()).decision === 'hold');
      const after = await detail();
      // A new decision in the history, made with the new version; the first one is still there.
      expect(after.decisions.map((d) => d.decision)).toEqual(['release', 'hold']);
      expect(after.decisions[1]!.registryVersion).toBe(accepted.registryVersion);
    } finally {
      await dispatcher.stop();
      await pool.close();
    }
  });
});

describe('hot registry swap', () => {
  it('finishes in-flight batches with their version while new batches use the new one', async () => {
    const pool = new ScreeningPool(2);
    try {
      const v1 = RegistryBundleSchema.parse({ ...TEST_BUNDLE, applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: '2999-01-01' })) });
      const v2 = { ...v1, applications: v1.applications.filter((a) => a.id !== 'APP-NIKE') };
      const batch = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ id: i, itemId: s10(i + 1), revision: 1, data: JSON.stringify(parcel(s10(i + 1), { items: [{ description: `N1ke Air Max ${i}`, hsCode: '640411', quantity: 1, value: 20, currency: 'EUR' }] })), regime: 'import', destinationCountry: 'BE' }));
      pool.setRegistry({ version: 1, bundle: JSON.stringify(v1) });
      const first = pool.screen(batch(3000));
      pool.setRegistry({ version: 2, bundle: JSON.stringify(v2) });
      const second = pool.screen(batch(50));
      const [a, b] = await Promise.all([first, second]);
      expect(a.version).toBe(1);
      expect(a.results.every((r) => r.decision === 'hold')).toBe(true);
      expect(b.version).toBe(2);
      expect(b.results.every((r) => r.decision !== 'hold')).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
