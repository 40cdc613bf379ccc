/**
 * Registry versions: each accepted change stores a new immutable snapshot of the bundle.
 */
import type { Kysely } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

export interface StoredRegistry {
  version: number;
  bundle: string;
  createdAt: string;
}

export async function latestRegistry(db: Db): Promise<StoredRegistry | undefined> {
  const row = await db.kysely
    .selectFrom('registry_versions')
    .select(['version', 'bundle', 'created_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, bundle: row.bundle, createdAt: row.created_at } : undefined;
}

/** The newest version number, or null for an empty registry; `executor` may be a transaction. */
export async function latestRegistryVersion(executor: Kysely<Database>): Promise<number | null> {
  const row = await executor.selectFrom('registry_versions').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  return row?.v === null || row?.v === undefined ? null : Number(row.v);
}

/** Stores `bundle` (canonical JSON of a validated bundle) as the next version, inside `executor`'s transaction if any. */
export async function insertRegistryVersion(executor: Kysely<Database>, bundle: string, createdBy: string, note: string | null): Promise<number> {
  const version = ((await latestRegistryVersion(executor)) ?? 0) + 1;
  // Two nodes racing for the same number: the primary key makes one of them fail (and its change roll back).
  await executor.insertInto('registry_versions').values({ version, bundle, created_at: new Date().toISOString(), created_by: createdBy, note }).execute();
  return version;
}

export async function saveRegistryVersion(db: Db, bundle: string, createdBy: string, note: string | null): Promise<number> {
  return db.kysely.transaction().execute((trx) => insertRegistryVersion(trx, bundle, createdBy, note));
}

export async function listRegistryVersions(db: Db, limit: number) {
  return db.kysely
    .selectFrom('registry_versions')
    .select(['version', 'created_at as createdAt', 'created_by as createdBy', 'note'])
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
}
