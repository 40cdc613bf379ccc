/**
 * The bulk insert of a manifest's parcels: the hottest write of the service, so each dialect gets
 * its fastest form. SQLite: one statement prepared once per database and run per row (kysely
 * would build and prepare a new multi-row statement per chunk, measured ~2x slower). PostgreSQL:
 * one `INSERT … SELECT FROM json_to_recordset($rows)` per chunk (one round trip, a fixed
 * parameter count whatever the chunk size). Both skip item ids the operator filed before and
 * return the item ids actually stored.
 */
import { sql, type Transaction } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { Db } from './connect.ts';
import type { Database, ParcelStatus } from './schema.ts';
import type { PreparedParcel } from '../domain/read-manifest.ts';

/** What every parcel of one filing shares. */
export interface FilingColumns {
  manifestId: string;
  operatorCode: string;
  status: ParcelStatus;
  receivedAt: string;
}

const COLUMNS = 'manifest_id, operator_code, item_id, position, category, seller_name, origin_country, data, revision, status, received_at';
const ON_CONFLICT = 'on conflict (operator_code, item_id) do nothing';
const PG_CHUNK = 5000;
/**
 * better-sqlite3 runs each row on the event loop: 10,000 parcels of 1.9 KB (a 19 MB manifest)
 * took 110-250 ms in one go (measured), a stall for every other request. Filings of more than
 * `SQLITE_YIELD_ABOVE` parcels let the event loop run every `SQLITE_ROWS_BETWEEN_YIELDS` rows;
 * the transaction, and the connection, stay theirs meanwhile. Manifests of up to 2,000 parcels,
 * the usual kind, never yield. 1,000 rows of 1.9 KB took up to 360 ms of wall time on this
 * loaded machine (40 such manifests with screening on, profiled); 250 rows keep a slice at a
 * quarter of that.
 */
const SQLITE_YIELD_ABOVE = 2000;
const SQLITE_ROWS_BETWEEN_YIELDS = 250;

const sqliteStatements = new WeakMap<object, Statement>();

function sqliteInsert(db: Db): Statement {
  let stmt = sqliteStatements.get(db.sqlite!);
  if (!stmt) {
    stmt = db.sqlite!.prepare(`insert into parcels (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ${ON_CONFLICT}`);
    sqliteStatements.set(db.sqlite!, stmt);
  }
  return stmt;
}

/**
 * Must run inside `trx`, a transaction on `db`. Parcels are bound as they come from the reader
 * (no row object per parcel: at 50,000 parcels/s every allocation on the HTTP thread shows up
 * as garbage collection).
 */
export async function insertParcels(db: Db, trx: Transaction<Database>, filing: FilingColumns, parcels: readonly PreparedParcel[]): Promise<string[]> {
  const { manifestId, operatorCode, status, receivedAt } = filing;
  const stored: string[] = [];
  if (db.dialect === 'sqlite') {
    const stmt = sqliteInsert(db);
    const yielding = parcels.length > SQLITE_YIELD_ABOVE;
    for (let i = 0; i < parcels.length; i++) {
      const p = parcels[i]!;
      const { changes } = stmt.run(manifestId, operatorCode, p.itemId, p.index, p.category, p.sellerName, p.originCountry, p.data, status, receivedAt);
      if (changes === 1) stored.push(p.itemId);
      if (yielding && (i + 1) % SQLITE_ROWS_BETWEEN_YIELDS === 0) await new Promise(setImmediate);
    }
    return stored;
  }
  for (let start = 0; start < parcels.length; start += PG_CHUNK) {
    const chunk = parcels.slice(start, start + PG_CHUNK);
    // One JSON parameter for the rows: pg escapes text[] parameters element by element in
    // JavaScript (~20 µs per parcel on the HTTP thread, measured), JSON.stringify escapes natively
    // and json_to_recordset unpacks on the server. The columns all parcels share go once.
    const rows = JSON.stringify(chunk.map((p) => ({ i: p.itemId, p: p.index, c: p.category, s: p.sellerName, o: p.originCountry, d: p.data })));
    const result = await sql<{ item_id: string }>`
      insert into parcels (${sql.raw(COLUMNS)})
      select ${manifestId}::text, ${operatorCode}::text, x.i, x.p, x.c, x.s, x.o, x.d, 1, ${status}::text, ${receivedAt}::text
      from json_to_recordset(${rows}::json) as x(i text, p int, c text, s text, o text, d text)
      ${sql.raw(ON_CONFLICT)}
      returning item_id`.execute(trx);
    for (const row of result.rows) stored.push(row.item_id);
  }
  return stored;
}
