/**
 * Online backup and restore on SQLite: a backup taken with `npm run backup` while a real server
 * is under filing load opens as a database holding every parcel acknowledged before the backup
 * began, whole, with an intact audit chain.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connect.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { verifyAuditChain } from '../src/db/audit.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startServer, type RunningServer } from '../bench/lib/server.ts';
import { tempSqliteUrl } from './support/db.ts';
import { manifest, parcels } from './support/fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PER_MANIFEST = 100;

describe('online backup on SQLite', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.kill();
    server = undefined;
  });

  it('restores every parcel acknowledged before a backup taken under filing load, in a consistent database', async () => {
    const url = tempSqliteUrl();
    const setup = await connect(url);
    await migrateToLatest(setup);
    const { key } = await createApiKey(setup, { role: 'operator', operatorCode: 'BACKUP' });
    await setup.close();
    server = await startServer({ DATABASE_URL: url, LOG_LEVEL: 'warn', SCREENING_THREADS: '1' });

    const acknowledged: { ref: string; manifestId: string; at: number }[] = [];
    let stop = false;
    const lane = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const ref = `BK-${n}-${i}`;
        const res = await fetch(`${server!.url}/v1/manifests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(manifest(ref, parcels(PER_MANIFEST, (n * 10_000 + i) * PER_MANIFEST + 1))),
        });
        if (res.status === 202) acknowledged.push({ ref, manifestId: ((await res.json()) as { manifestId: string }).manifestId, at: Date.now() });
      }
    };
    const lanes = [0, 1, 2].map(lane);
    while (acknowledged.length < 15) await new Promise((r) => setTimeout(r, 10));

    const file = join(mkdtempSync(join(tmpdir(), 'parcelscreen-backup-')), 'backup.db');
    const began = Date.now();
    const before = acknowledged.filter((a) => a.at < began);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
    expect(JSON.parse(stdout)).toMatchObject({ file, pages: expect.any(Number) });
    // Filing went on during the backup.
    const during = acknowledged.length;
    while (acknowledged.length < during + 3) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await Promise.all(lanes);

    // Restore: open the backup as the database.
    const restored = await connect(`sqlite:${file}`, { sqliteSynchronous: 'NORMAL' });
    try {
      expect((restored.sqlite!.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
      const counts = await restored.kysely
        .selectFrom('manifests')
        .leftJoin('parcels', 'parcels.manifest_id', 'manifests.id')
        .select(['manifests.id', (eb) => eb.fn.count<number>('parcels.id').as('n')])
        .groupBy('manifests.id')
        .execute();
      const byId = new Map(counts.map((c) => [c.id, Number(c.n)]));
      expect(before.length).toBeGreaterThanOrEqual(15);
      for (const a of before) expect(byId.get(a.manifestId), a.ref).toBe(PER_MANIFEST);
      // Whatever else it holds is whole too: no manifest half-copied.
      for (const [id, n] of byId) expect(n, id).toBe(PER_MANIFEST);
      expect(await verifyAuditChain(restored)).toMatchObject({ valid: true });
    } finally {
      await restored.close();
    }
    // And a server starts on it.
    await server.kill();
    server = await startServer({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn' });
    const res = await fetch(`${server.url}/v1/manifests/${before[0]!.manifestId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await res.json()) as { parcels: number }).parcels).toBe(PER_MANIFEST);
  }, 120_000);
});
