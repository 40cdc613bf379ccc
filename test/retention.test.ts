/**
 * Nothing kept longer than it may be: released parcels lose their sender's and consignee's
 * personal data after RETENTION_RELEASED_DAYS, closed cases after RETENTION_CLOSED_CASE_DAYS; open
 * cases and recent parcels keep them; statistics come out the same; each run is audited.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { verifyAuditChain } from '../src/db/audit.ts';
import { PURGED } from '../src/domain/personal-data.ts';
import { purgePersonalData } from '../src/workflow/retention.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends, tempSqliteUrl } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe.each(backends)('retention on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 7_100_000;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db, { NOTIFY_SHARE_CONSIGNEE: 'true' });
  });
  afterAll(() => db.close());

  /** One filed parcel, decided and aged as given. */
  async function aged(spec: { days: number; decision: 'hold' | 'review' | 'release' | null; amend?: boolean }) {
    const p = parcel(s10(serial++), { consignee: { name: 'Anna Peeters', address: 'Kerkstraat 1, Gent', country: 'BE' }, sender: { name: 'Li Wei', address: '8 Harbour Rd', country: 'CN' } });
    const filed = (await (await t.postManifest(manifest(`RET-${serial}`, [p]))).json()) as { manifestId: string };
    if (spec.amend) {
      const res = await t.request(`/v1/manifests/${filed.manifestId}/parcels/${p.itemId}`, json('PUT', t.keys.operatorA, { ...p, consignee: { ...p.consignee, address: 'Veldstraat 2, Gent' } }));
      expect(res.status).toBe(200);
    }
    const row = await db.kysely.selectFrom('parcels').select('id').where('item_id', '=', p.itemId).executeTakeFirstOrThrow();
    await db.kysely
      .updateTable('parcels')
      .set({ received_at: ago(spec.days), ...(spec.decision ? { status: 'screened', decision: spec.decision, risk_score: 50, decided_at: ago(spec.days), application_ids: 'APP-X' } : {}) })
      .where('id', '=', row.id)
      .execute();
    return row.id;
  }
  const closeCase = async (id: number, daysAgo: number) => {
    for (const action of ['detained', 'released']) expect((await t.request(`/v1/parcels/${id}/outcomes`, json('POST', t.keys.customs, { action }))).status).toBe(201);
    await db.kysely.updateTable('outcomes').set({ at: ago(daysAgo) }).where('parcel_id', '=', id).execute();
  };
  const stored = async (id: number) => JSON.parse((await db.kysely.selectFrom('parcels').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data) as { consignee: Record<string, string>; sender: Record<string, string>; items: unknown[]; seller: { name: string } };

  it('purges released parcels and closed cases when due, keeps the rest and the statistics, and audits each run', async () => {
    // Something on hold to make the registry application exist for case messages.
    await db.kysely.insertInto('applications').values({ id: 'APP-X', holder_ref: 'HOLDER-1', holder_name: 'X', status: 'accepted', data: '{}', valid_from: '2020-01-01', valid_until: '2999-01-01', submitted_at: 'x', submitted_by: 'x', decided_at: null, decided_by: null, decision_reason: null, updated_at: 'x' }).execute();
    const releasedOld = await aged({ days: 40, decision: 'release' });
    const amendedOld = await aged({ days: 39, decision: 'release', amend: true });
    const holdOpen = await aged({ days: 38, decision: 'hold' });
    const caseClosedLongAgo = await aged({ days: 37, decision: 'hold' });
    const caseClosedRecently = await aged({ days: 36, decision: 'review' });
    const releasedRecent = await aged({ days: 5, decision: 'release' });
    await closeCase(caseClosedLongAgo, 400);
    await closeCase(caseClosedRecently, 10);

    const from = ago(60).slice(0, 10);
    const to = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const stats = async () => Promise.all(['origin', 'decision', 'outcome'].map(async (g) => (await (await t.request(`/v1/stats?from=${from}&to=${to}&groupBy=${g}`, { key: t.keys.customs })).json()) as unknown));
    const before = await stats();

    const counts = await purgePersonalData(db, { releasedDays: 30, closedCaseDays: 365 }, 'test');
    expect(counts).toEqual({ releasedParcels: 2, closedCases: 1, revisions: 1, messages: 1 });

    for (const id of [releasedOld, amendedOld, caseClosedLongAgo]) {
      const p = await stored(id);
      expect(p.consignee).toEqual({ name: PURGED, country: 'BE' });
      expect(p.sender).toEqual({ name: PURGED, country: 'CN' });
      expect(p.items).toHaveLength(1);
      expect(p.seller.name).toBe('Shenzhen Bright Trading Co., Ltd');
    }
    for (const id of [holdOpen, caseClosedRecently, releasedRecent]) expect((await stored(id)).consignee.name).toBe('Anna Peeters');
    const revision = await db.kysely.selectFrom('parcel_revisions').select('data').where('parcel_id', '=', amendedOld).executeTakeFirstOrThrow();
    expect(revision.data).not.toContain('Anna');
    expect(revision.data).not.toContain('Kerkstraat');
    // The rights holder's case message had the consignee (sharing was configured); it has it no more.
    const messages = await db.kysely.selectFrom('outbox').select('payload').where('idempotency_key', 'like', `outcome:${caseClosedLongAgo}:%`).execute();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.map((m) => m.payload).join('')).not.toContain('Anna');
    // Nothing personal in the amendment's audit entry either, only that it changed.
    const amended = (await (await t.request(`/v1/audit?entity=parcel&entityId=${amendedOld}&action=parcel.amended`, { key: t.keys.admin })).json()) as { items: { before: unknown; after: { personalDataChanged: boolean } }[] };
    expect(JSON.stringify(amended.items)).not.toContain('Kerkstraat');
    expect(amended.items[0]!.after.personalDataChanged).toBe(true);

    expect(await stats()).toEqual(before);
    const runs = (await (await t.request('/v1/audit?action=retention.purged', { key: t.keys.admin })).json()) as { items: { actor: string; after: Record<string, unknown> }[] };
    expect(runs.items.at(-1)).toMatchObject({ actor: 'test', after: { releasedParcels: 2, closedCases: 1, revisions: 1 } });

    // The next run has nothing left to do, and is audited too.
    expect(await purgePersonalData(db, { releasedDays: 30, closedCaseDays: 365 }, 'test')).toEqual({ releasedParcels: 0, closedCases: 0, revisions: 0, messages: 0 });
    expect(((await (await t.request('/v1/audit?action=retention.purged', { key: t.keys.admin })).json()) as { items: unknown[] }).items).toHaveLength(2);
    // Later, the recent ones are due as well.
    expect(await purgePersonalData(db, { releasedDays: 30, closedCaseDays: 365 }, 'test', Date.now() + 400 * DAY)).toMatchObject({ releasedParcels: 1, closedCases: 1 });
    expect((await stored(holdOpen)).consignee.name).toBe('Anna Peeters');
    expect(await verifyAuditChain(db)).toMatchObject({ valid: true });
  });
});

describe('retention from the command line', () => {
  it('purges with the configured days and prints the counts', async () => {
    const url = tempSqliteUrl();
    const db = await connect(url, { sqliteSynchronous: 'NORMAL' });
    await migrateToLatest(db);
    const t = await buildTestApp(db);
    await t.postManifest(manifest('RET-CLI', [parcel(s10(7_200_001))]));
    await db.kysely.updateTable('parcels').set({ status: 'screened', decision: 'release', risk_score: 0, decided_at: ago(10), received_at: ago(10) }).execute();
    await db.close();
    const run = promisify(execFile);
    const cli = (days: string) => run(process.execPath, ['--import', 'tsx', 'src/cli/retention.ts', 'purge'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, REGISTRY_SEED: 'none', RETENTION_RELEASED_DAYS: days } });
    expect(JSON.parse((await cli('30')).stdout)).toMatchObject({ releasedParcels: 0 });
    expect(JSON.parse((await cli('7')).stdout)).toMatchObject({ releasedParcels: 1 });
  });
});
