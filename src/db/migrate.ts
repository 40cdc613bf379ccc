import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.ts';
import { ingest } from './migrations/0001_ingest.ts';
import { screening } from './migrations/0002_screening.ts';
import { registry } from './migrations/0003_registry.ts';
import { workflow } from './migrations/0004_workflow.ts';
import { partialDecisionIndexes } from './migrations/0005_partial_decision_indexes.ts';
import { screenAttempts } from './migrations/0006_screen_attempts.ts';
import { rescreenJobs } from './migrations/0007_rescreen_jobs.ts';
import { auditChain } from './migrations/0008_audit_chain.ts';
import { retention } from './migrations/0009_retention.ts';
import { cases } from './migrations/0010_cases.ts';
import { manifestListKeyLifecycle } from './migrations/0011_manifest_list_key_lifecycle.ts';
import { learntAliases } from './migrations/0012_learnt_aliases.ts';
import { consoleSessions } from './migrations/0013_console_sessions.ts';

/** Ordered by name; never rename or edit a released migration, add a new one. */
const MIGRATIONS = {
  '0001_ingest': ingest,
  '0002_screening': screening,
  '0003_registry': registry,
  '0004_workflow': workflow,
  '0005_partial_decision_indexes': partialDecisionIndexes,
  '0006_screen_attempts': screenAttempts,
  '0007_rescreen_jobs': rescreenJobs,
  '0008_audit_chain': auditChain,
  '0009_retention': retention,
  '0010_cases': cases,
  '0011_manifest_list_key_lifecycle': manifestListKeyLifecycle,
  '0012_learnt_aliases': learntAliases,
  '0013_console_sessions': consoleSessions,
};

export type MigrationName = keyof typeof MIGRATIONS;

export async function migrateToLatest(db: Db): Promise<void> {
  await migrate(db, (m) => m.migrateToLatest());
}

/** Migrates up to `name` and no further: tests of a migration start from the schema before it. */
export async function migrateUpTo(db: Db, name: MigrationName): Promise<void> {
  await migrate(db, (m) => m.migrateTo(name));
}

async function migrate(db: Db, run: (m: Migrator) => ReturnType<Migrator['migrateToLatest']>): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const built = new Map<string, Migration>();
      for (const [name, factory] of Object.entries(MIGRATIONS)) built.set(name, factory(db.dialect));
      return Object.fromEntries(built);
    },
  };
  // The migration tables live in the same schema as the data: kysely looks for them by name in
  // every schema, so parallel test schemas (or a schema chosen by search_path) would otherwise
  // see each other's.
  const schema = db.pgSchema ?? (db.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]!.s : undefined);
  const { error, results } = await run(new Migrator({ db: db.kysely, provider, ...(schema ? { migrationTableSchema: schema } : {}) }));
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`);
  }
}
