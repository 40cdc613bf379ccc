/**
 * The backlog gauge behind backpressure: counting the waiting parcels grows with the backlog, so
 * it must neither stall requests nor take a growing share of the machine; and on SQLite the count
 * runs on the background thread's own connection, not on the event loop.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BacklogGauge } from '../src/backlog.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { countPending } from '../src/db/manifests.ts';
import { tempSqliteUrl } from '../bench/lib/temp-db.ts';
import { watchBackgroundReads } from './support/db.ts';

/** A count the test answers by hand, on a clock the test moves. */
function manualCount() {
  const clock = { now: 1_000 };
  const pending: { resolve: (n: number) => void; reject: (e: Error) => void }[] = [];
  return {
    clock,
    calls: () => pending.length,
    count: () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject })),
    /** Answers the latest count after it took `ms` of the clock. */
    answer(n: number, ms = 1) {
      clock.now += ms;
      pending.at(-1)!.resolve(n);
    },
    fail(ms = 1) {
      clock.now += ms;
      pending.at(-1)!.reject(new Error('database gone'));
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('BacklogGauge', () => {
  it('waits for the first count only; then answers from the last count while the next one runs', async () => {
    const c = manualCount();
    const gauge = new BacklogGauge(c.count, { refreshMs: 500, now: () => c.clock.now });
    const first = gauge.current();
    await settle();
    expect(c.calls()).toBe(1);
    c.answer(100);
    expect(await first).toBe(100);

    gauge.added(20);
    expect(await gauge.current()).toBe(120); // within 500 ms: no new count
    expect(c.calls()).toBe(1);

    c.clock.now += 600;
    expect(await gauge.current()).toBe(120); // due: a count starts, the answer does not wait for it
    expect(await gauge.current()).toBe(120); // and a second caller shares it
    expect(c.calls()).toBe(2);
    gauge.added(5); // accepted while the count ran: may or may not be in it, so it stays
    c.answer(90);
    await settle();
    expect(await gauge.current()).toBe(95);
  });

  it('waits for a due count when asked to, and only then', async () => {
    const c = manualCount();
    const gauge = new BacklogGauge(c.count, { refreshMs: 500, now: () => c.clock.now });
    const first = gauge.current();
    await settle();
    c.answer(10);
    await first;
    expect(await gauge.current({ wait: true })).toBe(10); // not due: the last count, no new one
    expect(c.calls()).toBe(1);
    c.clock.now += 600;
    let answered: number | undefined;
    const scrape = gauge.current({ wait: true }).then((n) => (answered = n));
    await settle();
    expect(answered).toBeUndefined();
    c.answer(3);
    await scrape;
    expect(answered).toBe(3);
  });

  it('counts less often as counting gets dearer, so a large backlog cannot eat the machine', async () => {
    const c = manualCount();
    const gauge = new BacklogGauge(c.count, { refreshMs: 500, countShare: 0.05, now: () => c.clock.now });
    const first = gauge.current();
    await settle();
    c.answer(2_000_000, 150); // a count that took 150 ms: the next waits 150 / 0.05 = 3 s
    await first;
    c.clock.now += 2_900;
    await gauge.current();
    expect(c.calls()).toBe(1);
    c.clock.now += 200;
    await gauge.current();
    expect(c.calls()).toBe(2);
    c.answer(1_000, 2); // cheap again: back to every 500 ms
    await settle();
    c.clock.now += 510;
    await gauge.current();
    expect(c.calls()).toBe(3);
  });

  it('keeps answering when a background count fails, and counts again at the next call', async () => {
    const c = manualCount();
    const gauge = new BacklogGauge(c.count, { refreshMs: 0, countShare: null, now: () => c.clock.now });
    const first = gauge.current();
    await settle();
    c.answer(7);
    await first;
    expect(await gauge.current()).toBe(7);
    c.fail();
    await settle();
    expect(await gauge.current()).toBe(7);
    expect(c.calls()).toBe(3);
  });

  it('fails the first call when there is no count to answer from', async () => {
    const c = manualCount();
    const gauge = new BacklogGauge(c.count, { now: () => c.clock.now });
    const first = gauge.current();
    await settle();
    c.fail();
    await expect(first).rejects.toThrow('database gone');
  });
});

describe('countPending on SQLite', () => {
  it('runs on the background connection and sees what the HTTP thread committed', async () => {
    const db = await connect(tempSqliteUrl());
    try {
      await migrateToLatest(db);
      expect(db.readInBackground).toBeDefined();
      await sql`insert into manifests (id, operator_code, manifest_ref, mode, regime, destination_country, received_at) values ('m1', 'OP', 'R1', 'postal', 'import', 'BE', 't')`.execute(db.kysely);
      for (const [i, status] of ['pending', 'pending', 'screening', 'screened', 'rescreen'].entries()) {
        await sql`insert into parcels (manifest_id, operator_code, item_id, position, category, seller_name, data, status, received_at)
          values ('m1', 'OP', ${`ID${i}`}, ${i}, 'gift', 'S', '{}', ${status}, 't')`.execute(db.kysely);
      }
      const reads = watchBackgroundReads(db)!;
      expect(await countPending(db)).toBe(3);
      expect(reads.count()).toBe(1);
      reads.restore();
      // The background connection only reads.
      await expect(db.readInBackground!(sql`delete from parcels`.compile(db.kysely))).rejects.toThrow(/only reads/);
      expect(await countPending(db)).toBe(3);
    } finally {
      await db.close();
    }
  });
});
