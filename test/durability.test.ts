/**
 * Nothing acknowledged is lost: a real server on a SQLite file is killed (SIGKILL) in the middle
 * of a stream of manifests, then restarted on the same file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { tempSqliteUrl } from './support/db.ts';
import { manifest, parcels } from './support/fixtures.ts';
import { startServer, type RunningServer } from '../bench/lib/server.ts';

const PARCELS_PER_MANIFEST = 200;

async function prepareDatabase(url: string): Promise<string> {
  const db = await connect(url);
  await migrateToLatest(db);
  const { key } = await createApiKey(db, { role: 'operator', operatorCode: 'CRASH' });
  await db.close();
  return key;
}

describe('durability on SQLite', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.kill();
    server = undefined;
  });

  it('keeps every acknowledged manifest whole across a SIGKILL, and no manifest half-stored', async () => {
    const url = tempSqliteUrl();
    const key = await prepareDatabase(url);
    server = await startServer({ DATABASE_URL: url });
    const target = server.url;

    const acknowledged = new Map<string, string>();
    let sent = 0;
    let stop = false;
    // Four concurrent senders, as several operators' systems would push at once.
    const sender = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const ref = `CRASH-${lane}-${i}`;
        const body = JSON.stringify(manifest(ref, parcels(PARCELS_PER_MANIFEST, (lane * 10_000 + i) * PARCELS_PER_MANIFEST + 1)));
        sent++;
        try {
          const res = await fetch(`${target}/v1/manifests`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body,
          });
          if (res.status === 202) acknowledged.set(ref, ((await res.json()) as { manifestId: string }).manifestId);
        } catch {
          return; // the server is gone
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(sender);
    while (acknowledged.size < 20) await new Promise((r) => setTimeout(r, 5));
    await server.kill();
    stop = true;
    await Promise.all(lanes);
    expect(sent).toBeGreaterThan(acknowledged.size);

    server = await startServer({ DATABASE_URL: url });
    for (const [ref, id] of acknowledged) {
      const res = await fetch(`${server.url}/v1/manifests/${id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status, ref).toBe(200);
      expect(((await res.json()) as { parcels: number }).parcels, ref).toBe(PARCELS_PER_MANIFEST);
    }
    // Manifests that were committed but not yet acknowledged when the process died are whole too.
    const db = await connect(url);
    const perManifest = await db.kysely
      .selectFrom('manifests')
      .leftJoin('parcels', 'parcels.manifest_id', 'manifests.id')
      .select(['manifests.manifest_ref', (eb) => eb.fn.count<number>('parcels.id').as('n')])
      .groupBy('manifests.manifest_ref')
      .execute();
    await db.close();
    expect(perManifest.length).toBeGreaterThanOrEqual(acknowledged.size);
    for (const row of perManifest) expect(Number(row.n), row.manifest_ref).toBe(PARCELS_PER_MANIFEST);
  });

  it('screens every parcel exactly once across a SIGKILL in the middle of screening', async () => {
    const url = tempSqliteUrl();
    const key = await prepareDatabase(url);
    const env = { DATABASE_URL: url, SCREEN_BATCH_SIZE: '100', LOG_LEVEL: 'warn' };
    server = await startServer(env);
    const total = 3000;
    for (let m = 0; m < total / 500; m++) {
      const res = await fetch(`${server.url}/v1/manifests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(manifest(`SCREEN-CRASH-${m}`, parcels(500, 7_000_000 + m * 500))),
      });
      expect(res.status).toBe(202);
    }
    const db = await connect(url);
    const count = async (status: string) =>
      Number((await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status as 'pending').executeTakeFirstOrThrow()).n);
    // Kill it while some parcels are decided and others are not.
    while ((await count('screened')) === 0) await new Promise((r) => setTimeout(r, 5));
    await server.kill();
    expect(await count('screened')).toBeLessThan(total);

    server = await startServer(env);
    const deadline = Date.now() + 60_000;
    while ((await count('screened')) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await count('screened')).toBe(total);
    const perParcel = await db.kysely
      .selectFrom('decisions')
      .select(['parcel_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('parcel_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(perParcel).toEqual([]);
    const decisions = Number((await db.kysely.selectFrom('decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(decisions).toBe(total);
    await db.close();
    // Two server start-ups, a kill and a full screening: 7-20 s alone, more on a loaded machine.
  }, 120_000);

  it('stops at start-up with a clear message on a bad configuration', async () => {
    await expect(startServer({ DATABASE_URL: 'mysql://nope', PORT: '1' })).rejects.toThrow(/DATABASE_URL: must start with sqlite: or postgres:\/\//);
  });
});
