/** Whether the database answers: the readiness probe's one statement. */
import { sql } from 'kysely';
import type { Db } from './connect.ts';

/** Resolves when the database answers a trivial query; rejects when it cannot be reached. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
