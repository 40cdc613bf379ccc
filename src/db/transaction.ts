/**
 * The handles a service holds, and how it opens a transaction. Services own their transactions
 * (they decide what changes together) but never write SQL: they pass the handle to the functions
 * of src/db/.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

/** A connection or an open transaction: what every db function runs its statements on. */
export type Executor = Kysely<Database>;
/** An open transaction. */
export type Tx = Transaction<Database>;

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export function inTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(work);
}
