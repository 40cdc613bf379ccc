/**
 * The screening pipeline on real databases: the dispatcher claims pending parcels, the Piscina
 * pool screens them, decisions are written once per parcel, also across a dispatcher that died
 * holding a claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../src/db/connect.ts';
import { latestRegistry, latestRegistryVersion, saveRegistryVersion } from '../src/db/registry.ts';
import { claimPending, requeueIfSuperseded } from '../src/db/screening.ts';
import { recordDecisions } from '../src/screening/record-decisions.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { until } from './support/wait.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE } from './support/registry.ts';

const silent = pino({ level: 'silent' });


describe.each(backends)('screening pipeline on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let pool: ScreeningPool;
  let serial = 500_000;

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
    // The test registry is valid in 2026-2027; the service screens with today's date.
    const bundle = RegistryBundleSchema.parse({
      ...TEST_BUNDLE,
      applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: a.id === 'APP-EXPIRED' ? '2001-01-01' : '2999-01-01' })),
    });
    await saveRegistryVersion(db, JSON.stringify(bundle), 'test', null);
    pool = new ScreeningPool(1);
  });
  afterAll(async () => {
    await pool.close();
    await db.close();
  });

  const dispatcher = (leaseMs = 60_000) =>
    new ScreeningDispatcher(db, pool, silent, { batchSize: 50, maxInFlight: 2, leaseMs, idleMs: 20, registryPollMs: 1000 });

  async function decisionCounts(manifestId: string) {
    const rows = await db.kysely
      .selectFrom('decisions')
      .innerJoin('parcels', 'parcels.id', 'decisions.parcel_id')
      .select(['parcels.item_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('parcels.manifest_id', '=', manifestId)
      .groupBy('parcels.item_id')
      .execute();
    return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
  }

  it('screens every pending parcel once and shows decisions with evidence', async () => {
    const fake = parcel(s10(serial++), { items: [{ description: 'N1ke Air Max running shoes', hsCode: '640411', quantity: 1, value: 15, currency: 'EUR' }] });
    const plain = parcel(s10(serial++), { items: [{ description: 'Wooden toy train', hsCode: '950300', quantity: 1, value: 15, currency: 'EUR' }] });
    const bulk = Array.from({ length: 120 }, () => parcel(s10(serial++)));
    const filing = (await (await t.postManifest(manifest('SCREEN-1', [fake, plain, ...bulk]))).json()) as { manifestId: string };

    const d = dispatcher();
    d.start();
    await until(async () => ((await (await t.request(`/v1/manifests/${filing.manifestId}`, { key: t.keys.operatorA })).json()) as { status: { screened: number } }).status.screened === 122);
    await d.stop();

    const counts = await decisionCounts(filing.manifestId);
    expect(counts.size).toBe(122);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const holds = (await (await t.request(`/v1/manifests/${filing.manifestId}/parcels?decision=hold`, { key: t.keys.operatorA })).json()) as { items: { itemId: string }[] };
    expect(holds.items.map((i) => i.itemId)).toEqual([fake.itemId]);
    const detail = (await (await t.request(`/v1/manifests/${filing.manifestId}/parcels/${fake.itemId}`, { key: t.keys.customs })).json()) as {
      decisions: { decision: string; registryVersion: number; reasons: { kind: string; mark?: string; applicationId?: string; matched: string }[] }[];
    };
    expect(detail.decisions).toHaveLength(1);
    expect(detail.decisions[0]).toMatchObject({ decision: 'hold', registryVersion: 1 });
    expect(detail.decisions[0]!.reasons).toContainEqual(expect.objectContaining({ kind: 'trademark', mark: 'Nike', applicationId: 'APP-NIKE', matched: 'N1ke' }));
    // The operator learns the decision, not the holders' evidence behind it.
    const forOperator = (await (await t.request(`/v1/manifests/${filing.manifestId}/parcels/${fake.itemId}`, { key: t.keys.operatorA })).json()) as { decisions: Record<string, unknown>[] };
    expect(forOperator.decisions[0]).toMatchObject({ decision: 'hold' });
    expect(forOperator.decisions[0]).not.toHaveProperty('reasons');
    // …and hears of it: first decisions together, per batch and decision.
    const feed = (await (await t.request('/v1/notifications?limit=1000', { key: t.keys.operatorA })).json()) as { items: { event: string; data: { itemId?: string; itemIds?: string[]; instruction: string } }[] };
    const held = feed.items.filter((n) => n.event === 'parcels.hold');
    expect(held.flatMap((n) => n.data.itemIds ?? [])).toEqual([fake.itemId]);
    expect(held[0]!.data.instruction).toBe('do not deliver');
    const released = feed.items.filter((n) => n.event === 'parcels.released').flatMap((n) => n.data.itemIds ?? []);
    expect(released).toContain(plain.itemId);
    expect(released).not.toContain(fake.itemId);
  });

  it('screens again what a dead dispatcher had claimed, and never decides a parcel twice', async () => {
    const list = Array.from({ length: 30 }, () => parcel(s10(serial++)));
    const filing = (await (await t.postManifest(manifest('CRASH-SCREEN', list))).json()) as { manifestId: string };
    // A dispatcher claims a batch and dies before writing anything.
    const dead = await claimPending(db, 1000);
    expect(dead.parcels.length).toBeGreaterThanOrEqual(30);

    // A live dispatcher with a short lease takes the abandoned claim over after it expires.
    await new Promise((r) => setTimeout(r, 1100));
    const d = dispatcher(1000);
    d.start();
    await until(async () => (await decisionCounts(filing.manifestId)).size === 30);
    await d.stop();

    // The dead dispatcher comes back and tries to write its stale results: nothing is written.
    const late = await recordDecisions(db, dead.token, 1, dead.parcels.map((p) => ({ parcelId: p.id, revision: p.revision, decision: 'release', riskScore: 0, reasons: '[]' })));
    expect(late).toBe(0);
    const counts = await decisionCounts(filing.manifestId);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('queues again a batch decided with a version replaced while it ran', async () => {
    const list = Array.from({ length: 5 }, () => parcel(s10(serial++)));
    await t.postManifest(manifest('SUPERSEDED', list));
    const claim = await claimPending(db, 1000);
    const mine = claim.parcels.filter((p) => list.some((l) => l.itemId === p.itemId));
    const used = (await latestRegistryVersion(db.kysely))!;
    // A registry change lands while the batch is being screened.
    const latest = await latestRegistry(db);
    await saveRegistryVersion(db, latest!.bundle, 'test', 'concurrent change');
    await recordDecisions(db, claim.token, used, claim.parcels.map((p) => ({ parcelId: p.id, revision: p.revision, decision: 'release', riskScore: 0, reasons: '[]' })));
    expect(await requeueIfSuperseded(db, mine.map((p) => p.id), used)).toBe(5);
    const statuses = await db.kysely.selectFrom('parcels').select('status').where('id', 'in', mine.map((p) => p.id)).execute();
    expect(statuses.every((r) => r.status === 'rescreen')).toBe(true);
    expect(await requeueIfSuperseded(db, mine.map((p) => p.id), used + 1)).toBe(0);
  });

  it('writes a fractional score (fractional thresholds and weights are allowed) as the integer column holds it', async () => {
    const list = Array.from({ length: 3 }, () => parcel(s10(serial++)));
    await t.postManifest(manifest('FRACTIONAL', list));
    const claim = await claimPending(db, 1000);
    const scores = [0.5, 34.4, 99.6];
    const written = await recordDecisions(db, claim.token, (await latestRegistryVersion(db.kysely))!, claim.parcels.map((p, i) => ({ parcelId: p.id, revision: p.revision, decision: 'review', riskScore: scores[i % 3]!, reasons: '[]' })));
    expect(written).toBe(claim.parcels.length);
    const stored = await db.kysely.selectFrom('decisions').select('risk_score').where('parcel_id', 'in', claim.parcels.map((p) => p.id)).execute();
    expect(stored.map((r) => Number(r.risk_score)).every((n) => Number.isInteger(n))).toBe(true);
    expect(new Set(stored.map((r) => Number(r.risk_score)))).toEqual(new Set(claim.parcels.map((_, i) => Math.round(scores[i % 3]!))));
  });

  it('concurrent claimers never get the same parcel', async () => {
    const list = Array.from({ length: 200 }, () => parcel(s10(serial++)));
    await t.postManifest(manifest('CLAIMS', list));
    const claims = await Promise.all([claimPending(db, 60), claimPending(db, 60), claimPending(db, 60), claimPending(db, 60)]);
    const ids = claims.flatMap((c) => c.parcels.map((p) => p.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(200);
  });

  it('puts an amended parcel back in the queue, and a decision on the old revision is not written', async () => {
    const p = parcel(s10(serial++));
    const filing = (await (await t.postManifest(manifest('AMEND-SCREEN', [p]))).json()) as { manifestId: string };
    const claim = await claimPending(db, 1000);
    const mine = claim.parcels.find((c) => c.itemId === p.itemId)!;
    const url = `/v1/manifests/${filing.manifestId}/parcels/${p.itemId}`;
    const res = await t.request(url, { method: 'PUT', key: t.keys.operatorA, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...p, category: 'gift' }) });
    expect(res.status).toBe(200);
    expect(await recordDecisions(db, claim.token, 1, [{ parcelId: mine.id, revision: mine.revision, decision: 'release', riskScore: 0, reasons: '[]' }])).toBe(0);
    const row = await db.kysely.selectFrom('parcels').select(['status', 'revision']).where('id', '=', mine.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', revision: 2 });
  });
});
