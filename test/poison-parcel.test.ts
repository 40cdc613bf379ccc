/**
 * Screening never stops on one parcel: a parcel the engine throws on is decided review with an
 * engine_error reason and the rest of its batch is decided as usual; a batch whose worker crashes
 * is split until the culprit is alone; a parcel claimed too often without a decision is given up.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../src/db/connect.ts';
import { saveRegistryVersion } from '../src/db/registry.ts';
import { claimPending, releaseStaleClaims } from '../src/db/screening.ts';
import { createMetrics } from '../src/metrics.ts';
import { ScreeningDispatcher } from '../src/screening/dispatcher.ts';
import { goodsFromWords } from '../src/screening/goods.ts';
import { companyKey } from '../src/screening/company.ts';
import { ScreeningPool } from '../src/screening/pool.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { runScreenTask, ScreenerCache, type TaskParcel } from '../src/screening/task.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE, screenOne, testScreener } from './support/registry.ts';
import { until } from './support/wait.ts';
import { CRASH_MARKER } from './support/crashing-screen-worker.ts';

const CRASHING_WORKER = fileURLToPath(new URL('./support/crashing-screen-worker.ts', import.meta.url));

const bundle = RegistryBundleSchema.parse({
  ...TEST_BUNDLE,
  applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: a.id === 'APP-EXPIRED' ? '2001-01-01' : '2999-01-01' })),
});

describe('the screening engine on words that are names of built-in properties', () => {
  it('screens "Magnetic constructor building set" instead of throwing', () => {
    const r = screenOne(testScreener(), 'Magnetic constructor building set', '950300');
    expect(r.decision).toBe('release');
    expect(goodsFromWords(['constructor'])).toBeNull();
    expect(goodsFromWords(['toString', 'shoes'])).toEqual({ hs: ['64'], words: ['shoes'] });
  });

  it('keeps seller words that name built-ins as they are', () => {
    expect(companyKey('Constructor Trading Co., Ltd')).toBe('constructor trading');
    expect(companyKey('toString valueOf Ltd')).toBe('tostring valueof');
  });
});

describe('one parcel the engine throws on', () => {
  it('is decided review with an engine_error reason, and the rest of its task is screened', () => {
    const good = (id: number, description: string): TaskParcel => ({
      id,
      itemId: s10(id),
      revision: 1,
      data: JSON.stringify(parcel(s10(id), { items: [{ description, hsCode: '640411', quantity: 1, value: 15, currency: 'EUR' }] })),
      regime: 'import',
      destinationCountry: 'BE',
    });
    // Stored data the engine cannot read (a parcel without items): it throws on this one.
    const broken: TaskParcel = { ...good(2, 'x'), data: '{"itemId":"RR000000025CN"}' };
    const out = runScreenTask(new ScreenerCache(), { version: 1, date: '2026-06-01', bundle: JSON.stringify(bundle), parcels: [good(1, 'N1ke Air Max running shoes'), broken, good(3, 'Wooden toy train')] });
    if (out.needRegistry || 'registryError' in out) throw new Error('the bundle was sent and compiles');
    expect(out.results.map((r) => r.decision)).toEqual(['hold', 'review', 'release']);
    expect(out.engineErrors).toEqual([{ id: 2, itemId: broken.itemId, message: expect.stringMatching(/TypeError/) }]);
    const reasons = JSON.parse(out.results[1]!.reasons) as { kind: string; note: string }[];
    expect(reasons).toEqual([expect.objectContaining({ kind: 'engine_error', note: expect.stringMatching(/screening failed/) })]);
    expect(out.results[1]!.riskScore).toBe(35);
  });
});

describe.each(backends)('screening that never stops on one parcel, on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 3_100_000;
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(chunk.toString()), done()) }));

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
    await saveRegistryVersion(db, JSON.stringify(bundle), 'test', null);
  });
  afterAll(() => db.close());

  async function fileParcels(ref: string, descriptions: string[]) {
    const list = descriptions.map((description) => parcel(s10(serial++), { items: [{ description, hsCode: '640411', quantity: 1, value: 15, currency: 'EUR' }] }));
    const res = await t.postManifest(manifest(ref, list));
    expect(res.status).toBe(202);
    const rows = await db.kysely.selectFrom('parcels').select(['id', 'item_id']).where('item_id', 'in', list.map((p) => p.itemId)).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, itemId: r.item_id }));
  }

  async function decisionsOf(ids: number[]) {
    const rows = await db.kysely.selectFrom('decisions').select(['parcel_id', 'decision', 'reasons']).where('parcel_id', 'in', ids).orderBy('parcel_id').execute();
    return rows.map((r) => ({ id: r.parcel_id, decision: r.decision, kinds: (JSON.parse(r.reasons) as { kind: string }[]).map((x) => x.kind) }));
  }

  async function runUntilDecided(pool: ScreeningPool, ids: number[], options: { maxClaims?: number } = {}) {
    const metrics = createMetrics();
    const d = new ScreeningDispatcher(db, pool, logger, { batchSize: 100, maxInFlight: 2, leaseMs: 60_000, idleMs: 20, registryPollMs: 1000, ...options }, () => {}, (n) => metrics.engineErrors.inc(n));
    d.start();
    try {
      // Generous: every crash costs a new worker thread that loads and compiles the registry again.
      await until(async () => (await db.kysely.selectFrom('parcels').select('id').where('id', 'in', ids).where('status', '=', 'screened').execute()).length === ids.length, 100_000);
    } finally {
      await d.stop();
    }
    return (await metrics.engineErrors.get()).values[0]!.value;
  }

  it('decides a parcel the engine throws on as review (engine_error), logged and counted, and the rest of its batch as usual', async () => {
    const parcels = await fileParcels('POISON-1', ['N1ke Air Max running shoes', 'Running shoes, mesh upper', 'Wooden toy train']);
    // A stored parcel the engine cannot read, as a bug or a bad migration would leave it.
    await db.kysely.updateTable('parcels').set({ data: '{"itemId":"broken"}' }).where('id', '=', parcels[1]!.id).execute();
    const pool = new ScreeningPool(1);
    try {
      const errors = await runUntilDecided(pool, parcels.map((p) => p.id));
      expect(errors).toBe(1);
    } finally {
      await pool.close();
    }
    const decided = await decisionsOf(parcels.map((p) => p.id));
    expect(decided.map((d) => d.decision)).toEqual(['hold', 'review', 'release']);
    expect(decided[1]!.kinds).toEqual(['engine_error']);
    expect(decided[0]!.kinds).toContain('trademark');
    const logged = logLines.map((l) => JSON.parse(l) as { msg: string; parcelId?: number }).filter((l) => l.msg.includes('engine error'));
    expect(logged.map((l) => l.parcelId)).toContain(parcels[1]!.id);
  });

  it('splits a batch whose worker crashes until the parcel that crashes it is alone, and decides every other parcel normally', async () => {
    const descriptions = Array.from({ length: 12 }, (_, i) => (i === 7 ? `Toy car ${CRASH_MARKER}` : i % 4 === 0 ? 'N1ke Air Max running shoes' : 'Running shoes, mesh upper'));
    const parcels = await fileParcels('POISON-CRASH', descriptions);
    const pool = new ScreeningPool(1, CRASHING_WORKER);
    try {
      expect(await runUntilDecided(pool, parcels.map((p) => p.id))).toBe(1);
    } finally {
      await pool.close();
    }
    const decided = await decisionsOf(parcels.map((p) => p.id));
    expect(decided).toHaveLength(12);
    const crashed = decided.find((d) => d.id === parcels[7]!.id)!;
    expect(crashed).toMatchObject({ decision: 'review', kinds: ['engine_error'] });
    const others = decided.filter((d) => d.id !== crashed.id);
    expect(others.every((d) => !d.kinds.includes('engine_error'))).toBe(true);
    expect(others.filter((d) => d.decision === 'hold')).toHaveLength(3);
  }, 120_000);

  it('screens a parcel claimed before on its own, and gives up on one claimed too often without a decision', async () => {
    const parcels = await fileParcels('POISON-LEASES', ['N1ke Air Max running shoes', 'Wooden toy train']);
    const ids = parcels.map((p) => p.id);
    // Claims lost as a process that died screening them would lose them: twice both, then the first once more.
    const loseClaim = async () => {
      const claim = await claimPending(db, 1000);
      await releaseStaleClaims(db, new Date(Date.now() + 1000));
      return claim.parcels.map((p) => p.id);
    };
    expect(await loseClaim()).toEqual(ids);
    expect(await loseClaim()).toEqual(ids);
    await db.kysely.updateTable('parcels').set({ status: 'screened' }).where('id', '=', ids[1]!).execute();
    expect(await loseClaim()).toEqual([ids[0]]);
    await db.kysely.updateTable('parcels').set({ status: 'pending' }).where('id', '=', ids[1]!).execute();
    const attempts = await db.kysely.selectFrom('parcels').select(['id', 'screen_attempts']).where('id', 'in', ids).orderBy('id').execute();
    expect(attempts.map((a) => a.screen_attempts)).toEqual([3, 2]);
    const pool = new ScreeningPool(1);
    try {
      // The next claim is the first parcel's fourth (over the limit of 3) and the second's third.
      expect(await runUntilDecided(pool, ids, { maxClaims: 3 })).toBe(1);
    } finally {
      await pool.close();
    }
    const decided = await decisionsOf(ids);
    expect(decided[0]).toMatchObject({ decision: 'review', kinds: ['engine_error'] });
    expect(decided[1]).toMatchObject({ decision: 'release' });
    expect(decided[1]!.kinds).not.toContain('engine_error');
    const reset = await db.kysely.selectFrom('parcels').select('screen_attempts').where('id', 'in', ids).execute();
    expect(reset.every((r) => r.screen_attempts === 0)).toBe(true);
  });

  it('decides nothing when the registry itself does not compile: no parcel is at fault', async () => {
    const parcels = await fileParcels('POISON-REGISTRY', ['Running shoes, mesh upper', 'Wooden toy train', 'Leather wallet']);
    // A stored version the workers cannot compile (written past the API, which validates bundles).
    await saveRegistryVersion(db, JSON.stringify({ applications: 'not a list' }), 'test', 'broken');
    const pool = new ScreeningPool(1);
    const metrics = createMetrics();
    const d = new ScreeningDispatcher(db, pool, logger, { batchSize: 100, maxInFlight: 2, leaseMs: 60_000, idleMs: 20, registryPollMs: 100 }, () => {}, (n) => metrics.engineErrors.inc(n));
    d.start();
    try {
      await until(async () => logLines.some((l) => l.includes('does not compile')));
    } finally {
      await d.stop();
      await pool.close();
    }
    expect((await metrics.engineErrors.get()).values[0]!.value).toBe(0);
    expect(await decisionsOf(parcels.map((p) => p.id))).toEqual([]);
    const statuses = await db.kysely.selectFrom('parcels').select('status').where('id', 'in', parcels.map((p) => p.id)).execute();
    expect(statuses.map((s) => s.status)).toEqual(['screening', 'screening', 'screening']);
    // Nor does it bring them closer to being given up.
    const attempts = await db.kysely.selectFrom('parcels').select('screen_attempts').where('id', 'in', parcels.map((p) => p.id)).execute();
    expect(attempts.map((a) => a.screen_attempts)).toEqual([0, 0, 0]);
  });
});
