/**
 * A savepoint inside a kysely transaction (both SQLite and PostgreSQL speak the same SQL): the
 * work done after it can be undone without giving up the transaction — its locks, and what it
 * wrote before — so a change that turns out to change nothing is undone, and the transaction
 * still commits what it records about the attempt.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Runs `work` after a savepoint; undoes what it wrote when `keep(result)` is false. */
export async function tentatively<T>(trx: Transaction<Database>, work: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
  await sql`savepoint tentative`.execute(trx);
  const result = await work();
  if (!keep(result)) await sql`rollback to savepoint tentative`.execute(trx);
  await sql`release savepoint tentative`.execute(trx);
  return result;
}
