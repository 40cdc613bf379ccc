/**
 * Online backup of the embedded database with SQLite's backup API (better-sqlite3's `backup()`):
 * a consistent copy of the database as committed when the copy began, taken while the service
 * keeps filing. PostgreSQL is backed up with pg_dump (see the README).
 */
import { existsSync } from 'node:fs';
import type { Db } from './connect.ts';

/**
 * Copies `db` to `file`, which must not exist. After a first step of 100 pages the rest goes in
 * one step, under one read transaction: in WAL mode readers do not block the service's writers,
 * and a copy made in small steps would start over each time another connection commits (a
 * database under filing load would never finish).
 */
export async function backupSqlite(db: Db, file: string): Promise<{ pages: number }> {
  if (db.dialect !== 'sqlite' || !db.sqlite) throw new Error('the SQLite backup is for sqlite: databases; back PostgreSQL up with pg_dump');
  if (existsSync(file)) throw new Error(`${file} exists; a backup never overwrites a file`);
  const result = await db.sqlite.backup(file, { progress: () => Number.MAX_SAFE_INTEGER });
  return { pages: result.totalPages };
}
