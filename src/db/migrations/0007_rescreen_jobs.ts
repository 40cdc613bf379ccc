import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * Re-screening after a registry change, as a job per version: the publishing transaction only
 * records what to mark (parcels received since `received_since`, ids up to `last_id`); the
 * screening dispatcher marks them in bounded id ranges afterwards, remembering where it got to
 * (`next_id`), so the editor's request never waits for it and a restart resumes it.
 */
export const rescreenJobs: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rescreen_jobs')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('received_since', 'text', (c) => c.notNull())
      /** The next parcel id to look at; 0 until the first parcel received since then is found. */
      .addColumn('next_id', 'integer', (c) => c.notNull())
      .addColumn('last_id', 'integer', (c) => c.notNull())
      .addColumn('marked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      /** A newer version's job took this one's remaining work over. */
      .addColumn('superseded_by', 'integer')
      .execute();
  },
});
