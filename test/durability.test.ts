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

  it('stops at start-up with a clear message on a bad configuration', async () => {
    await expect(startServer({ DATABASE_URL: 'mysql://nope', PORT: '1' })).rejects.toThrow(/DATABASE_URL: must start with sqlite: or postgres:\/\//);
  });
});
