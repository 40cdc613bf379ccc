/**
 * The hot tables grow by millions of rows a day: the queries that run all the time must stay on
 * their (partial) indexes. SQLite only uses a partial index when it can prove the query implies
 * the index's condition, so these plans are checked, not assumed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { tempSqliteUrl } from './support/db.ts';
import { reviewQueueQuery, type QueueFilter } from '../src/db/review-queue.ts';

let db: Db;
beforeAll(async () => {
  db = await connect(tempSqliteUrl(), { sqliteBackgroundThread: false });
  await migrateToLatest(db);
});
afterAll(() => db.close());

function plan(query: string): string {
  const rows = db.sqlite!.prepare(`explain query plan ${query}`).all() as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

describe('query plans (SQLite)', () => {
  it('the review queue reads the partial decision indexes, for one decision and for hold+review', () => {
    const queue = "select parcels.id from parcels join manifests on manifests.id = parcels.manifest_id where parcels.decision in ('hold', 'review') order by parcels.risk_score desc, parcels.id limit 50";
    expect(plan(queue)).toMatch(/SEARCH parcels USING (COVERING )?INDEX parcels_(decision|queue)/);
    expect(plan("select count(*) from parcels where decision = 'hold' and customs_outcome is null")).toMatch(/INDEX parcels_(decision|queue)/);
  });

  it('the partial decision indexes hold no undecided parcel', () => {
    const sqlOf = db.sqlite!.prepare("select name, sql from sqlite_master where type = 'index' and name in ('parcels_decision', 'parcels_queue')").all() as { name: string; sql: string }[];
    expect(sqlOf).toHaveLength(2);
    for (const index of sqlOf) expect(index.sql).toMatch(/where "decision" is not null/i);
  });

  it('claims read the partial index of open parcels', () => {
    expect(plan("select id from parcels where status <> 'screened' and status = 'pending' order by id limit 500")).toMatch(/INDEX parcels_open_status/);
  });

  it('a lookup by item id seeks the (operator, item id) index once per operator, never scans parcels', () => {
    const lookup = `select p.id from parcels p join manifests m on m.id = p.manifest_id where p.item_id = 'X' and p.operator_code in
      (with recursive ops(code) as (select min(operator_code) from manifests union all
        select (select min(m.operator_code) from manifests m where m.operator_code > ops.code) from ops where ops.code is not null)
       select code from ops where code is not null)`;
    const detail = plan(lookup);
    expect(detail).toMatch(/SEARCH p USING INDEX sqlite_autoindex_parcels_1 \(operator_code=\? AND item_id=\?\)/);
    expect(detail).not.toMatch(/SCAN (p|parcels|manifests)\b/);
  });

  it('webhook deliveries: an owner’s list and the oldest undelivered message per webhook seek the outbox indexes', () => {
    expect(plan("select id from outbox where owner = 'a' order by id desc limit 100")).toMatch(/SEARCH outbox USING (COVERING )?INDEX outbox_owner \(owner=\?\)/);
    expect(plan("select id from outbox where owner = 'a' and delivered_at is null and last_error is not null and id < 5 order by id desc limit 100")).toMatch(/INDEX outbox_owner_due \(owner=\? AND delivered_at=\? AND id<\?\)/);
    const lag = plan('select w.owner, (select o.created_at from outbox o where o.owner = w.owner and o.delivered_at is null order by o.id limit 1) as oldest from webhooks w');
    expect(lag).toMatch(/SEARCH o USING INDEX outbox_owner_due \(owner=\? AND delivered_at=\?\)/);
    expect(lag).not.toMatch(/SCAN o\b/);
  });

  it('manifest lists read their indexes newest first, for one operator and for all', () => {
    expect(plan("select id from manifests where operator_code = 'A' and received_at >= '2026' order by received_at desc, id desc limit 100")).toMatch(/INDEX manifests_operator_received/);
    expect(plan("select id from manifests where received_at < '2026' order by received_at desc, id desc limit 100")).toMatch(/INDEX manifests_received/);
  });

  it('every queue filter of the console walks a flagged-parcel index in queue order: no sort of the whole queue', () => {
    const filters: Omit<QueueFilter, 'limit'>[] = [
      {}, { open: true }, { open: false }, { decision: 'hold', open: true }, { decision: 'review' }, { operator: 'DHLX', open: true }, { seller: 'Shenzhen Bright Trading' },
      { origin: 'CN' }, { regime: 'transit' }, { mark: 'nike' }, { since: '2026-06-01', until: '2026-06-02' }, { operator: 'DHLX', origin: 'CN', mark: 'nike' },
      { after: { riskScore: 80, id: 123 } }, { open: true, after: { riskScore: 80, id: 123 } },
    ];
    for (const f of filters) {
      const compiled = reviewQueueQuery(db, { ...f, limit: 50 }, '2026-06-01T00:00:00Z').compile();
      const rows = db.sqlite!.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
      const detail = rows.map((r) => r.detail).join(' | ');
      expect(detail, JSON.stringify(f)).toMatch(/parcels USING INDEX parcels_flagged_(risk|operator|seller|origin)/);
      expect(detail, JSON.stringify(f)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
