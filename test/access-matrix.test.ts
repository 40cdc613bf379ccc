/**
 * Every endpoint against every role (operator, customs, rightsholder, admin, no key, wrong key):
 * allowed or denied as designed, and the cross-tenant cases denied (404: another tenant's data
 * does not exist for you).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcels } from './support/fixtures.ts';

type Role = 'operator' | 'customs' | 'rightsholder' | 'admin';
const ROLES: Role[] = ['operator', 'customs', 'rightsholder', 'admin'];

describe('role x endpoint matrix', () => {
  let db: Db;
  let t: TestApp;
  let manifestId: string;
  let itemId: string;
  let parcelId: number;
  let applicationId: string;
  let holderB: string;
  let caseId: number;
  let detainedItemId: string;

  beforeAll(async () => {
    db = await backends[0]!.open();
    t = await buildTestApp(db);
    holderB = (await createApiKey(db, { role: 'rightsholder', holderRef: 'HOLDER-2' })).key;
    const list = parcels(2, 4_400_000);
    itemId = list[0]!.itemId;
    manifestId = ((await (await t.postManifest(manifest('MATRIX', list))).json()) as { manifestId: string }).manifestId;
    parcelId = (await db.kysely.selectFrom('parcels').select('id').where('item_id', '=', itemId).executeTakeFirstOrThrow()).id;
    const form = { holder: { name: 'Matrix Co', contact: 'ipr@matrix.example' }, trademarks: [{ mark: 'Matrixa', hsCodes: ['64'] }], evidence: ['cert'] };
    applicationId = ((await (await t.request('/v1/applications', { method: 'POST', key: t.keys.rightsholder, headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) })).json()) as { id: string }).id;
    // The second parcel matched HOLDER-1's application and was detained: a case of HOLDER-1's.
    detainedItemId = list[1]!.itemId;
    const detainedId = (await db.kysely.selectFrom('parcels').select('id').where('item_id', '=', detainedItemId).executeTakeFirstOrThrow()).id;
    await db.kysely.updateTable('parcels').set({ status: 'screened', decision: 'hold', risk_score: 80, application_ids: applicationId }).where('id', '=', detainedId).execute();
    const detained = await t.request(`/v1/parcels/${detainedId}/outcomes`, { method: 'POST', key: t.keys.customs, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'detained' }) });
    caseId = ((await detained.json()) as { cases: { id: number }[] }).cases[0]!.id;
  });
  afterAll(() => db.close());

  const key = (role: Role) => ({ operator: t.keys.operatorA, customs: t.keys.customs, rightsholder: t.keys.rightsholder, admin: t.keys.admin })[role];

  const endpoints = (): [string, string, Role[], unknown?][] => [
    ['POST', '/v1/manifests', ['operator'], manifest('MATRIX-2', [])],
    ['GET', '/v1/manifests', ['operator', 'customs', 'admin']],
    ['GET', `/v1/parcels/by-item/${itemId}`, ['operator', 'customs', 'admin']],
    ['GET', '/v1/keys', ['admin']],
    ['POST', '/v1/keys', ['admin'], { role: 'nobody' }],
    ['DELETE', '/v1/keys/none', ['admin']],
    ['POST', '/v1/keys/none/rotate', ['admin'], {}],
    ['GET', `/v1/manifests/${manifestId}`, ['operator', 'customs', 'admin']],
    ['GET', `/v1/manifests/${manifestId}/parcels`, ['operator', 'customs', 'admin']],
    ['GET', `/v1/manifests/${manifestId}/parcels/${itemId}`, ['operator', 'customs', 'admin']],
    ['PUT', `/v1/manifests/${manifestId}/parcels/${itemId}`, ['operator'], {}],
    ['GET', '/v1/parcels', ['customs', 'admin']],
    ['GET', `/v1/parcels/${parcelId}`, ['customs', 'admin']],
    ['POST', `/v1/parcels/${parcelId}/outcomes`, ['customs', 'admin'], { action: 'nonsense' }],
    ['POST', '/v1/applications', ['rightsholder', 'customs', 'admin'], {}],
    ['GET', '/v1/applications', ['rightsholder', 'customs', 'admin']],
    ['GET', `/v1/applications/${applicationId}`, ['rightsholder', 'customs', 'admin']],
    ['GET', `/v1/applications/${applicationId}/history`, ['rightsholder', 'customs', 'admin']],
    ['PUT', `/v1/applications/${applicationId}`, ['rightsholder', 'customs', 'admin'], {}],
    ['POST', `/v1/applications/${applicationId}/decision`, ['customs', 'admin'], {}],
    ['POST', `/v1/applications/${applicationId}/renewals`, ['rightsholder', 'customs', 'admin'], {}],
    ['GET', '/v1/indicators', ['customs', 'admin']],
    ['GET', '/v1/indicators/watched-sellers', ['customs', 'admin']],
    ['POST', '/v1/indicators/keywords', ['customs', 'admin'], {}],
    ['PUT', '/v1/indicators/scoring', ['customs', 'admin'], { holdAt: 'x' }],
    ['DELETE', '/v1/indicators/keywords/none', ['customs', 'admin']],
    ['POST', '/v1/registry/import', ['customs', 'admin'], { applications: 'x' }],
    ['GET', '/v1/registry/export', ['customs', 'admin']],
    ['GET', '/v1/registry/versions', ['customs', 'admin']],
    ['GET', '/v1/cases', ['rightsholder', 'customs', 'admin']],
    ['GET', `/v1/cases/${caseId}`, ['rightsholder', 'customs', 'admin']],
    ['POST', `/v1/cases/${caseId}/holder-response`, ['rightsholder'], {}],
    ['POST', `/v1/manifests/${manifestId}/parcels/${detainedItemId}/declarant-response`, ['operator'], {}],
    ['GET', '/v1/notifications', ['rightsholder', 'operator']],
    ['PUT', '/v1/webhooks', ['rightsholder', 'operator'], { url: 'not a url' }],
    ['GET', '/v1/webhooks', ['rightsholder', 'operator']],
    ['GET', '/v1/audit', ['admin']],
    ['GET', '/v1/stats?from=2026-01-01&to=2026-12-31', ['customs', 'admin']],
    ['GET', '/v1/stats.csv?from=2026-01-01&to=2026-12-31', ['customs', 'admin']],
  ];

  it('allows each role exactly the endpoints it is meant to use', async () => {
    const failures: string[] = [];
    for (const [method, path, allowed, body] of endpoints()) {
      const init = (k?: string) => ({ method, ...(k ? { key: k } : {}), ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
      for (const role of ROLES) {
        const status = (await t.request(path, init(key(role)))).status;
        const ok = allowed.includes(role) ? status !== 401 && status !== 403 && status < 500 : status === 403;
        if (!ok) failures.push(`${method} ${path} as ${role}: ${status}`);
      }
      for (const [who, k] of [['no key', undefined], ['wrong key', 'psk_wrong']] as const) {
        const status = (await t.request(path, init(k))).status;
        if (status !== 401) failures.push(`${method} ${path} with ${who}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('denies every cross-tenant read and write', async () => {
    const opB = t.keys.operatorB;
    expect((await t.request(`/v1/manifests/${manifestId}`, { key: opB })).status).toBe(404);
    expect((await t.request(`/v1/manifests/${manifestId}/parcels`, { key: opB })).status).toBe(404);
    expect((await t.request(`/v1/manifests/${manifestId}/parcels/${itemId}`, { key: opB })).status).toBe(404);
    expect((await t.request(`/v1/manifests/${manifestId}/parcels/${itemId}`, { method: 'PUT', key: opB, headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect((await t.request(`/v1/parcels/by-item/${itemId}`, { key: opB })).status).toBe(404);
    const listB = (await (await t.request('/v1/manifests?manifestRef=MATRIX', { key: opB })).json()) as { items: unknown[] };
    expect(listB.items).toEqual([]);
    expect((await t.request(`/v1/applications/${applicationId}`, { key: holderB })).status).toBe(404);
    expect((await t.request(`/v1/applications/${applicationId}/history`, { key: holderB })).status).toBe(404);
    const list = (await (await t.request('/v1/applications', { key: holderB })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(applicationId);
    // Cases: another holder's does not exist for you, to read or to answer; the declarant is the parcel's operator only.
    const answer = (key: string, path: string, body: unknown) => t.request(path, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await t.request(`/v1/cases/${caseId}`, { key: t.keys.rightsholder })).status).toBe(200);
    expect((await t.request(`/v1/cases/${caseId}`, { key: holderB })).status).toBe(404);
    expect((await answer(holderB, `/v1/cases/${caseId}/holder-response`, { confirmsInfringement: true })).status).toBe(404);
    const cases = (await (await t.request('/v1/cases', { key: holderB })).json()) as { items: { id: number }[] };
    expect(cases.items.map((c) => c.id)).not.toContain(caseId);
    expect((await answer(opB, `/v1/manifests/${manifestId}/parcels/${detainedItemId}/declarant-response`, { answer: 'agrees' })).status).toBe(404);
    expect((await answer(t.keys.operatorA, `/v1/manifests/${manifestId}/parcels/${detainedItemId}/declarant-response`, { answer: 'agrees' })).status).toBe(200);
  });
});
