/**
 * Registry versions: each accepted change stores a new immutable snapshot of the bundle.
 */
import { sql, type Kysely } from 'kysely';
import type { Db, Dialect } from './connect.ts';
import type { Database } from './schema.ts';

export interface StoredRegistry {
  version: number;
  bundle: string;
  createdAt: string;
}

export function latestRegistry(db: Db): Promise<StoredRegistry | undefined> {
  return latestRegistryIn(db.kysely);
}

/** The newest version, read through `executor`: in a transaction that holds the registry lock, the latest committed. */
export async function latestRegistryIn(executor: Kysely<Database>): Promise<StoredRegistry | undefined> {
  const row = await executor
    .selectFrom('registry_versions')
    .select(['version', 'bundle', 'created_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, bundle: row.bundle, createdAt: row.created_at } : undefined;
}

export async function registryVersionExists(executor: Kysely<Database>, version: number): Promise<boolean> {
  return (await executor.selectFrom('registry_versions').select('version').where('version', '=', version).executeTakeFirst()) !== undefined;
}

/** The bundle (canonical JSON) stored as `version`; `executor` may be a transaction. */
export async function registryBundle(executor: Kysely<Database>, version: number): Promise<string | undefined> {
  return (await executor.selectFrom('registry_versions').select('bundle').where('version', '=', version).executeTakeFirst())?.bundle;
}

/** The newest version number, or null for an empty registry; `executor` may be a transaction. */
export async function latestRegistryVersion(executor: Kysely<Database>): Promise<number | null> {
  const row = await executor.selectFrom('registry_versions').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  return row?.v === null || row?.v === undefined ? null : Number(row.v);
}

/**
 * Takes the registry lock for the rest of the transaction `trx`: a transaction-level advisory lock
 * on PostgreSQL (SQLite has one writer: its transactions never overlap). Every transaction that
 * stores a version takes it as its first statement, before any other lock, so none of them ever
 * waits for another while holding something that one needs.
 */
export async function lockRegistry(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  // Keyed by schema: test schemas (and several deployments) in one database do not share it.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.registry'))`.execute(trx);
}

/**
 * Stores `bundle` (canonical JSON of a validated bundle) as the next version. Must run in a
 * transaction that took the registry lock: the number read here is then the latest committed one.
 */
export async function insertRegistryVersion(executor: Kysely<Database>, bundle: string, createdBy: string, note: string | null): Promise<number> {
  const version = ((await latestRegistryVersion(executor)) ?? 0) + 1;
  await executor.insertInto('registry_versions').values({ version, bundle, created_at: new Date().toISOString(), created_by: createdBy, note }).execute();
  return version;
}

export async function saveRegistryVersion(db: Db, bundle: string, createdBy: string, note: string | null): Promise<number> {
  return db.kysely.transaction().execute(async (trx) => {
    await lockRegistry(trx, db.dialect);
    return insertRegistryVersion(trx, bundle, createdBy, note);
  });
}

export async function listRegistryVersions(db: Db, limit: number) {
  return db.kysely
    .selectFrom('registry_versions')
    .select(['version', 'created_at as createdAt', 'created_by as createdBy', 'note'])
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
}
