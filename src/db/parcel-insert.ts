/**
 * The bulk insert of a manifest's parcels: the hottest write of the service, so each dialect gets
 * its fastest form. SQLite: one statement prepared once per database and run per row (kysely
 * would build and prepare a new multi-row statement per chunk, measured ~2x slower). PostgreSQL:
 * one `INSERT … SELECT FROM unnest(column arrays)` per chunk (one round trip, a fixed parameter
 * count whatever the chunk size). Both skip item ids the operator filed before and return the
 * item ids actually stored.
 */
import { sql, type Transaction } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { Db } from './connect.ts';
import type { Database, ParcelStatus } from './schema.ts';

export interface ParcelInsertRow {
  manifestId: string;
  operatorCode: string;
  itemId: string;
  position: number;
  category: string;
  sellerName: string;
  originCountry: string;
  data: string;
  status: ParcelStatus;
  receivedAt: string;
}

const COLUMNS = 'manifest_id, operator_code, item_id, position, category, seller_name, origin_country, data, revision, status, received_at';
const ON_CONFLICT = 'on conflict (operator_code, item_id) do nothing';
const PG_CHUNK = 5000;

const sqliteStatements = new WeakMap<object, Statement>();

function sqliteInsert(db: Db): Statement {
  let stmt = sqliteStatements.get(db.sqlite!);
  if (!stmt) {
    stmt = db.sqlite!.prepare(`insert into parcels (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ${ON_CONFLICT}`);
    sqliteStatements.set(db.sqlite!, stmt);
  }
  return stmt;
}

/** Must run inside `trx`, a transaction on `db`. */
export async function insertParcels(db: Db, trx: Transaction<Database>, rows: readonly ParcelInsertRow[]): Promise<string[]> {
  const stored: string[] = [];
  if (db.dialect === 'sqlite') {
    const stmt = sqliteInsert(db);
    for (const r of rows) {
      const { changes } = stmt.run(r.manifestId, r.operatorCode, r.itemId, r.position, r.category, r.sellerName, r.originCountry, r.data, r.status, r.receivedAt);
      if (changes === 1) stored.push(r.itemId);
    }
    return stored;
  }
  for (let start = 0; start < rows.length; start += PG_CHUNK) {
    const chunk = rows.slice(start, start + PG_CHUNK);
    const col = <K extends keyof ParcelInsertRow>(k: K) => chunk.map((r) => r[k]);
    const result = await sql<{ item_id: string }>`
      insert into parcels (${sql.raw(COLUMNS)})
      select m, o, i, p, c, s, oc, d, 1, st, at
      from unnest(${col('manifestId')}::text[], ${col('operatorCode')}::text[], ${col('itemId')}::text[],
                  ${col('position')}::int[], ${col('category')}::text[], ${col('sellerName')}::text[],
                  ${col('originCountry')}::text[], ${col('data')}::text[], ${col('status')}::text[], ${col('receivedAt')}::text[])
           as u(m, o, i, p, c, s, oc, d, st, at)
      ${sql.raw(ON_CONFLICT)}
      returning item_id`.execute(trx);
    for (const row of result.rows) stored.push(row.item_id);
  }
  return stored;
}
