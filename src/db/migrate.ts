import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.ts';
import { ingest } from './migrations/0001_ingest.ts';
import { screening } from './migrations/0002_screening.ts';
import { registry } from './migrations/0003_registry.ts';
import { workflow } from './migrations/0004_workflow.ts';
import { partialDecisionIndexes } from './migrations/0005_partial_decision_indexes.ts';
import { learntAliases } from './migrations/0007_learnt_aliases.ts';

/** Ordered by name; never rename or edit a released migration, add a new one. */
const MIGRATIONS = {
  '0001_ingest': ingest,
  '0002_screening': screening,
  '0003_registry': registry,
  '0004_workflow': workflow,
  '0005_partial_decision_indexes': partialDecisionIndexes,
  '0007_learnt_aliases': learntAliases,
};

export async function migrateToLatest(db: Db): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const built: Record<string, Migration> = {};
      for (const [name, factory] of Object.entries(MIGRATIONS)) built[name] = factory(db.dialect);
      return built;
    },
  };
  // The migration tables live in the same schema as the data: kysely looks for them by name in
  // every schema, so parallel test schemas would otherwise see each other's.
  const { error, results } = await new Migrator({ db: db.kysely, provider, ...(db.pgSchema ? { migrationTableSchema: db.pgSchema } : {}) }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`);
  }
}
