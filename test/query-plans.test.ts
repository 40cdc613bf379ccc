/**
 * The hot tables grow by millions of rows a day: the queries that run all the time must stay on
 * their (partial) indexes. SQLite only uses a partial index when it can prove the query implies
 * the index's condition, so these plans are checked, not assumed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { tempSqliteUrl } from './support/db.ts';

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
});
