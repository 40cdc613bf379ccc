/**
 * Filings on SQLite with synchronous=FULL commit with NORMAL and then wait for an fsync of the
 * WAL on the thread pool. These tests hold the parts that make that as durable as FULL: every
 * caller waits for an fsync that started after its call, concurrent callers share fsyncs, and no
 * other statement ever runs with synchronous left at NORMAL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, sqlitePath, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fileManifest } from '../src/db/manifests.ts';
import { durableTransaction } from '../src/db/durable-transaction.ts';
import { readManifest } from '../src/domain/read-manifest.ts';
import { WalSync } from '../src/db/wal-sync.ts';
import { tempSqliteUrl } from './support/db.ts';
import { manifest, parcels } from './support/fixtures.ts';

let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function openFull(): Promise<Db> {
  const opened = await connect(tempSqliteUrl(), { sqliteSynchronous: 'FULL', sqliteBackgroundThread: false });
  await migrateToLatest(opened);
  return opened;
}

function prepared(ref: string, count: number, firstSerial: number) {
  const read = readManifest({ body: JSON.stringify(manifest(ref, parcels(count, firstSerial))), mediaType: 'application/json', query: {}, maxParcels: 1000 });
  if (!read.ok) throw new Error(read.message);
  return read;
}

describe('WAL sync', () => {
  it('is set up for file databases with synchronous=FULL only', async () => {
    db = await openFull();
    expect(db.walSync).toBeInstanceOf(WalSync);
    const normal = await connect(tempSqliteUrl(), { sqliteSynchronous: 'NORMAL', sqliteBackgroundThread: false });
    expect(normal.walSync).toBeUndefined();
    await normal.close();
  });

  it('shares fsyncs between concurrent callers, and a caller arriving during an fsync waits for the next one', async () => {
    db = await openFull();
    await db.kysely.selectFrom('manifests').select('id').execute(); // the WAL file exists once the database is open
    const wal = new WalSync(`${sqlitePath(tempSqliteUrlOf(db))}-wal`);
    const calls = Array.from({ length: 20 }, () => wal.sync());
    await Promise.all(calls);
    // The first call starts an fsync; the 19 made while it runs share the one after it.
    expect(wal.syncs).toBe(2);

    let firstDone = false;
    const first = wal.sync().then(() => (firstDone = true));
    const second = wal.sync();
    await second;
    // The second call was made while the first fsync was running: it resolved after another one.
    expect(firstDone).toBe(true);
    expect(wal.syncs).toBe(4);
    await first;
    await wal.close();
  });

  it('files concurrently with fewer fsyncs than manifests, every parcel stored, synchronous back at FULL', async () => {
    db = await openFull();
    const reads = Array.from({ length: 12 }, (_, i) => prepared(`WAL-${i}`, 25, 1 + i * 100));
    const results = await Promise.all(reads.map((r) => (r.ok ? fileManifest(db!, 'WALOP', r.header, r.parcels) : Promise.reject(new Error()))));
    expect(results.map((r) => r.accepted.length)).toEqual(Array(12).fill(25));
    const stored = await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(300);
    expect(db.walSync!.syncs).toBeGreaterThan(0);
    expect(db.walSync!.syncs).toBeLessThanOrEqual(12);
    // Every other write (decisions, outcomes, registry changes) still commits with FULL: 2.
    expect(db.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('restores synchronous=FULL when a filing fails', async () => {
    db = await openFull();
    const read = prepared('WAL-FAIL', 3, 1);
    if (!read.ok) throw new Error();
    const broken = read.parcels.map((p) => ({ ...p, data: null as unknown as string })); // NOT NULL violation
    await expect(fileManifest(db, 'WALOP', read.header, broken)).rejects.toThrow();
    expect(db.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    const stored = await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });

  it('runs registry changes and decisions the same way: no fsync nor auto-checkpoint at their commit, both settings back after, even on failure', async () => {
    db = await openFull();
    db.sqlite!.pragma('wal_autocheckpoint = 16384');
    const during: unknown[] = [];
    const syncsBefore = db.walSync!.syncs;
    await durableTransaction(db, async () => {
      during.push(db!.sqlite!.pragma('synchronous', { simple: true }), db!.sqlite!.pragma('wal_autocheckpoint', { simple: true }));
    });
    expect(during).toEqual([1, 0]);
    expect(db.walSync!.syncs).toBe(syncsBefore + 1);
    await expect(durableTransaction(db, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(db.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
  });
});

/** The file behind a Db (tests only): better-sqlite3 knows its own name. */
function tempSqliteUrlOf(opened: Db): string {
  return `sqlite:${opened.sqlite!.name}`;
}
