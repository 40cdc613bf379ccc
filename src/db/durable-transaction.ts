/**
 * A transaction whose commit does not fsync on the event loop. With a WAL sync (SQLite on a file,
 * `synchronous=FULL`) the transaction commits with `synchronous=NORMAL` on the one connection and
 * then waits for the WAL's fsync on the thread pool (wal-sync.ts): the same guarantee as FULL
 * before it resolves. Filings do this (manifests.ts); registry changes too, whose commits write
 * up to ~50 MB of WAL for a 19 MB import. Elsewhere it is a plain transaction.
 *
 * SQLite's own auto-checkpoint (connect.ts keeps it as a safety net behind the background thread's
 * checkpoints) is off during the transaction: a commit that takes the WAL past its threshold would
 * otherwise copy the whole WAL into the database file on the event loop (482 ms at the commit of a
 * 19 MB import, profiled). The background thread checkpoints it instead, within 250 ms.
 */
import { sql, type Transaction } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

export async function durableTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const { walSync } = db;
  if (!walSync) return db.kysely.transaction().execute(work);
  // One connection for the pragma, the transaction and the pragma again, so that no other
  // statement commits while synchronous is NORMAL.
  const result = await db.kysely.connection().execute(async (conn) => {
    const threshold = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(conn)).rows[0]?.wal_autocheckpoint ?? 1000;
    await sql`pragma synchronous = NORMAL`.execute(conn);
    await sql`pragma wal_autocheckpoint = 0`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql.raw(`pragma wal_autocheckpoint = ${Number(threshold)}`).execute(conn);
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
  await walSync.sync();
  return result;
}
