/**
 * Registry imports: the compile warnings come back in the answer (and for any stored version),
 * compiled in an ingest worker; a bundle that makes the registry the latest version already is
 * makes no version, re-screens nothing, leaves the tables as they were, and is audited as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { createManifestReader } from '../src/ingest/manifest-reader.ts';
import { bundleWarnings } from '../src/registry/compile-warnings.ts';
import { compileRegistry } from '../src/screening/compile.ts';
import { RegistryBundleSchema, type RegistryBundleInput } from '../src/domain/registry.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { TEST_BUNDLE } from './support/registry.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** TEST_BUNDLE and three applications whose marks are ordinary words: in force, yet to come, expired. */
const WORDY: RegistryBundleInput = {
  ...TEST_BUNDLE,
  applications: [
    ...TEST_BUNDLE.applications!,
    { id: 'APP-WORDS', holder: { name: 'Wordy Brands' }, trademarks: [{ mark: 'Channel', hsCodes: ['4202'] }, { mark: 'Best', hsCodes: ['64'] }, { mark: 'Q', hsCodes: ['64'] }], validFrom: day(-30), validUntil: day(300) },
    { id: 'APP-SOON', holder: { name: 'Soon Ltd' }, trademarks: [{ mark: 'Orange', hsCodes: ['8517'] }], validFrom: day(30), validUntil: day(400) },
    { id: 'APP-GONE', holder: { name: 'Gone Ltd' }, trademarks: [{ mark: 'Table', hsCodes: ['9403'] }], validFrom: day(-400), validUntil: day(-30) },
  ],
};

interface ImportAnswer {
  applications: number;
  indicators: number;
  registryVersion: number;
  unchanged: boolean;
  rescreenQueued: boolean;
  compiledFor: string;
  warnings: string[] | null;
}

describe.each(backends)('registry imports on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  const json = (body: unknown) => ({ method: 'POST', key: t.keys.admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const importBundle = async (bundle: unknown) => {
    const res = await t.request('/v1/registry/import', json(bundle));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as ImportAnswer;
  };
  const count = async (table: 'registry_versions' | 'rescreen_jobs') => Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const keywordIds = async () => ((await (await t.request('/v1/indicators/keywords', { key: t.keys.customs })).json()) as { items: { id: string }[] }).items.map((k) => k.id);
  const history = async (id: string) => ((await (await t.request(`/v1/applications/${id}/history`, { key: t.keys.customs })).json()) as { items: unknown[] }).items.length;

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('answers an import with the warnings of the version it made: ordinary words, marks too short, applications yet to come', async () => {
    const answer = await importBundle(WORDY);
    expect(answer).toMatchObject({ applications: 14, registryVersion: 1, unchanged: false, rescreenQueued: true, compiledFor: day(0) });
    const warnings = answer.warnings!.join('\n');
    expect(warnings).toMatch(/APP-WORDS: "Channel" is an ordinary word/);
    expect(warnings).toMatch(/APP-WORDS: "Best" is an ordinary word/);
    expect(warnings).toMatch(/APP-WORDS: "Q" is too short/);
    // In force next month: warned about today. Expired: no longer screened with, no warning.
    expect(warnings).toMatch(/APP-SOON: "Orange"/);
    expect(warnings).not.toMatch(/Table/);
    expect(warnings).not.toMatch(/Nike|Gucci|Brembo/);

    // The same for the stored version, and the list of versions points there.
    const versions = (await (await t.request('/v1/registry/versions', { key: t.keys.customs })).json()) as { items: { version: number; warningsUrl: string }[] };
    expect(versions.items[0]).toMatchObject({ version: 1, warningsUrl: '/v1/registry/versions/1/warnings' });
    const stored = await t.request('/v1/registry/versions/1/warnings', { key: t.keys.customs });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toEqual({ version: 1, compiledFor: day(0), warnings: answer.warnings });
    for (const missing of ['2', '0', 'abc', '1.0', '99999999999']) expect((await t.request(`/v1/registry/versions/${missing}/warnings`, { key: t.keys.customs })).status, missing).toBe(404);
  });

  it('makes no version and re-screens nothing for a bundle the latest version already is, leaving the tables as they were; audited', async () => {
    const versions = await count('registry_versions');
    const jobs = await count('rescreen_jobs');
    const ids = await keywordIds();
    const words = await history('APP-WORDS');
    const first = (await (await t.request('/v1/registry/versions/1/warnings', { key: t.keys.customs })).json()) as { warnings: string[] };

    const again = await importBundle(WORDY);
    expect(again).toMatchObject({ registryVersion: 1, unchanged: true, rescreenQueued: false, applications: 14 });
    expect(again.warnings).toEqual(first.warnings);
    expect(await count('registry_versions')).toBe(versions);
    expect(await count('rescreen_jobs')).toBe(jobs);
    // Undone, not rewritten: the indicators keep their ids, the applications their history.
    expect(await keywordIds()).toEqual(ids);
    expect(await history('APP-WORDS')).toBe(words);

    // The registry exported and imported again: the latest version's own bundle.
    const exported = (await (await t.request('/v1/registry/export', { key: t.keys.customs })).json()) as unknown;
    expect(await importBundle(exported)).toMatchObject({ registryVersion: 1, unchanged: true, applications: 14 });
    expect(await keywordIds()).toEqual(ids);
    expect(await history('APP-WORDS')).toBe(words);

    // A bundle of fewer applications changes nothing either: applications not in it are kept.
    const one = await importBundle({ ...WORDY, applications: WORDY.applications!.filter((a) => a.id === 'APP-NIKE') });
    expect(one).toMatchObject({ registryVersion: 1, unchanged: true, applications: 1 });

    const trail = (await (await t.request('/v1/audit?entity=registry_version', { key: t.keys.admin })).json()) as { items: { action: string; entityId: string; after: unknown }[] };
    expect(trail.items.map((e) => [e.action, e.entityId])).toEqual([
      ['registry.imported', '1'],
      ['registry.import_unchanged', '1'],
      ['registry.import_unchanged', '1'],
      ['registry.import_unchanged', '1'],
    ]);
    expect(trail.items[1]!.after).toEqual(trail.items[0]!.after);
    expect(trail.items[2]!.after).toEqual(trail.items[0]!.after);
    expect(trail.items[3]!.after).toEqual({ applications: 1, indicators: one.indicators });
  });

  it('publishes and re-screens once anything differs, and compares with the stored version as the schema reads it now', async () => {
    const jobs = await count('rescreen_jobs');
    const changed = await importBundle({ ...WORDY, indicators: { ...WORDY.indicators, keywords: [...WORDY.indicators!.keywords!, { term: 'super copy', risk: 'high' }] } });
    expect(changed).toMatchObject({ registryVersion: 2, unchanged: false, rescreenQueued: true });
    expect(await count('rescreen_jobs')).toBe(jobs + 1);

    // A version stored without the fields the schema fills in by default (as an older release
    // wrote it) is the same registry: importing it again changes nothing.
    const latest = JSON.parse((await db.kysely.selectFrom('registry_versions').select('bundle').where('version', '=', 2).executeTakeFirstOrThrow()).bundle) as { indicators: Record<string, unknown> };
    delete latest.indicators.deMinimisByCountry;
    delete latest.indicators.scoring;
    await db.kysely.insertInto('registry_versions').values({ version: 3, bundle: JSON.stringify(latest), created_at: new Date().toISOString(), created_by: 'an older release', note: null }).execute();
    const same = await importBundle(latest);
    expect(same).toMatchObject({ registryVersion: 3, unchanged: true });
    expect(await count('registry_versions')).toBe(3);
  });

  it('lets identical imports at once make one version, the others unchanged', async () => {
    const bundle = { ...WORDY, indicators: { ...WORDY.indicators, hazardousHsCodes: ['3004', '870830', '3003'] } };
    const answers = await Promise.all(Array.from({ length: 4 }, () => importBundle(bundle)));
    expect(answers.filter((a) => !a.unchanged)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.registryVersion))).toEqual(new Set([4]));
    expect(await count('registry_versions')).toBe(4);
  });
});

describe('registry warnings off the HTTP thread', () => {
  it('compiles in an ingest worker the warnings the screening compile gives for the applications in force', async () => {
    const bundle = JSON.stringify(RegistryBundleSchema.parse(WORDY));
    const pooled = createManifestReader(1);
    try {
      const inWorker = await pooled.registryWarnings(bundle, day(0));
      expect(inWorker).toEqual(bundleWarnings(bundle, day(0)));
      // What the screening workers' own compile says today, plus the application yet to come.
      const screening = compileRegistry(RegistryBundleSchema.parse(WORDY), 1, day(0)).warnings;
      expect(inWorker.filter((w) => !w.startsWith('APP-SOON'))).toEqual(screening);
      expect(inWorker.some((w) => w.startsWith('APP-SOON'))).toBe(true);
    } finally {
      await pooled.close();
    }
  });
});
