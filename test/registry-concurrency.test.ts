/**
 * Registry publishing under concurrency: editors at once lose nothing (each acknowledged edit is
 * in the latest version's bundle, versions are numbered without gaps or clashes), unique-key
 * conflicts are 409s, and parcels under control are marked for re-screening in the background,
 * in bounded steps that resume where they stopped.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { isUniqueViolation } from '../src/db/retry.ts';
import { markForRescreen, markForRescreenStep } from '../src/screening/rescreen.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

describe.each(backends)('registry publishing on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 5_300_000;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const latestVersion = async () => ((await (await t.request('/v1/registry/versions?limit=1', { key: t.keys.customs })).json()) as { items: { version: number }[] }).items[0]?.version ?? 0;

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('loses no edit of 8 editors at once: every acknowledged edit is in the latest bundle, versions without gaps', async () => {
    const before = await latestVersion();
    const editors = 8;
    const editsEach = 10;
    const statuses: number[] = [];
    const acknowledged: string[] = [];
    await Promise.all(
      Array.from({ length: editors }, async (_, e) => {
        for (let i = 0; i < editsEach; i++) {
          // Mostly new keywords; now and then the scoring singleton, which starts out absent
          // (two editors creating it at once collided on its key before).
          const edit = i % 5 === 4 ? t.request('/v1/indicators/scoring', json('PUT', t.keys.customs, { holdAt: 70 + e })) : t.request('/v1/indicators/keywords', json('POST', t.keys.customs, { term: `slang-${e}-${i}`, risk: 'low' }));
          const res = await edit;
          statuses.push(res.status);
          if (res.status === 201) acknowledged.push(`slang-${e}-${i}`);
        }
      }),
    );
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    expect(acknowledged).toHaveLength(editors * editsEach * 0.8);
    const bundle = RegistryBundleSchema.parse(await (await t.request('/v1/registry/export', { key: t.keys.customs })).json());
    const terms = new Set(bundle.indicators.keywords.map((k) => k.term));
    expect(acknowledged.filter((term) => !terms.has(term))).toEqual([]);
    // One version per edit, numbered one after the other.
    const versions = await db.kysely.selectFrom('registry_versions').select('version').where('version', '>', before).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: editors * editsEach }, (_, i) => before + 1 + i));
  });

  it('lets several holders and officers accept applications and import at once without losing one', async () => {
    const form = (mark: string) => ({ holder: { name: `${mark} Holdings`, contact: 'ipr@example.test' }, trademarks: [{ mark, hsCodes: ['64'] }], evidence: ['EUTM 1'] });
    const marks = Array.from({ length: 6 }, () => `Zq${randomBytes(3).toString('hex')}`);
    const ids = await Promise.all(marks.map(async (m) => ((await (await t.request('/v1/applications', json('POST', t.keys.rightsholder, form(m)))).json()) as { id: string }).id));
    const results = await Promise.all([
      ...ids.map((id) => t.request(`/v1/applications/${id}/decision`, json('POST', t.keys.customs, { decision: 'accept' }))),
      t.request('/v1/indicators/watched-sellers', json('POST', t.keys.customs, { name: 'Concurrent Seller Ltd', risk: 'high' })),
    ]);
    expect(results.map((r) => r.status)).toEqual([...ids.map(() => 200), 201]);
    const bundle = RegistryBundleSchema.parse(await (await t.request('/v1/registry/export', { key: t.keys.customs })).json());
    expect(ids.filter((id) => !bundle.applications.some((a) => a.id === id))).toEqual([]);
  });

  it('answers 200 to concurrent webhook registrations of one owner, and recognises unique-key errors of both databases', async () => {
    const puts = await Promise.all(Array.from({ length: 8 }, (_, i) => t.request('/v1/webhooks', json('PUT', t.keys.rightsholder, { url: `https://hooks-${i}.example/in` }))));
    expect(puts.map((r) => r.status).filter((s) => s !== 200 && s !== 422)).toEqual([]);
    const err = await db.kysely.insertInto('registry_versions').values({ version: 1, bundle: '{}', created_at: 'x', created_by: 'x', note: null }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });

  describe('re-screening after a registry change', () => {
    async function decidedParcels(count: number, options: { receivedAt?: string; outcome?: string } = {}) {
      const list = Array.from({ length: count }, () => parcel(s10(serial++)));
      expect((await t.postManifest(manifest(`RS-${serial}`, list))).status).toBe(202);
      const ids = (await db.kysely.selectFrom('parcels').select('id').where('item_id', 'in', list.map((p) => p.itemId)).execute()).map((r) => r.id);
      await db.kysely
        .updateTable('parcels')
        .set({ status: 'screened', decision: 'release', risk_score: 0, decided_at: new Date().toISOString(), customs_outcome: options.outcome ?? null, ...(options.receivedAt ? { received_at: options.receivedAt } : {}) })
        .where('id', 'in', ids)
        .execute();
      return ids;
    }
    const statusOf = async (ids: number[]) => (await db.kysely.selectFrom('parcels').select('status').where('id', 'in', ids).execute()).map((r) => r.status);
    const addKeyword = async () => {
      const res = await t.request('/v1/indicators/keywords', json('POST', t.keys.customs, { term: `k${randomBytes(4).toString('hex')}`, risk: 'low' }));
      expect(res.status).toBe(201);
      return (await res.json()) as { registryVersion: number; rescreenQueued: boolean };
    };

    it('publishes at once and marks the parcels under control afterwards, in bounded steps that resume where they stopped', async () => {
      await markForRescreen(db); // whatever earlier tests queued
      const under = await decidedParcels(23);
      const closed = await decidedParcels(2, { outcome: 'released' });
      const old = await decidedParcels(2, { receivedAt: '2001-01-01T00:00:00.000Z' });
      const published = await addKeyword();
      expect(published.rescreenQueued).toBe(true);
      // Nothing marked by the editor's request itself.
      expect(new Set(await statusOf(under))).toEqual(new Set(['screened']));

      // Steps of 5 ids; a "crash" after three steps, then another marker (another node) resumes.
      for (let i = 0; i < 3; i++) expect(await markForRescreenStep(db, 5)).toBe(true);
      const job = await db.kysely.selectFrom('rescreen_jobs').selectAll().where('version', '=', published.registryVersion).executeTakeFirstOrThrow();
      expect(job.finished_at).toBeNull();
      await Promise.all([markForRescreen(db, 5), markForRescreen(db, 5)]);
      expect(new Set(await statusOf(under))).toEqual(new Set(['rescreen']));
      expect(new Set(await statusOf([...closed, ...old]))).toEqual(new Set(['screened']));
      const done = await db.kysely.selectFrom('rescreen_jobs').selectAll().where('version', '=', published.registryVersion).executeTakeFirstOrThrow();
      expect(done.finished_at).not.toBeNull();
      expect(done.marked).toBe(under.length);
      const listed = (await (await t.request('/v1/registry/versions?limit=1', { key: t.keys.customs })).json()) as { items: { version: number; rescreen: { marked: number; finishedAt: string } }[] };
      expect(listed.items[0]).toMatchObject({ version: published.registryVersion, rescreen: { marked: under.length } });
    });

    it('lets the newest of several unfinished jobs take the older ones over, marking each parcel once', async () => {
      await markForRescreen(db);
      const under = await decidedParcels(12);
      const first = await addKeyword();
      const second = await addKeyword();
      await markForRescreen(db, 4);
      expect(new Set(await statusOf(under))).toEqual(new Set(['rescreen']));
      const jobs = await db.kysely.selectFrom('rescreen_jobs').selectAll().where('version', 'in', [first.registryVersion, second.registryVersion]).orderBy('version').execute();
      expect(jobs[0]).toMatchObject({ superseded_by: second.registryVersion, marked: 0 });
      expect(jobs[1]).toMatchObject({ superseded_by: null, marked: under.length });
    });
  });
});
