import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * The retention policy's bookkeeping: when a parcel's personal data was removed, and how far each
 * purge walk got (released parcels by parcel id, closed cases by outcome id), so a run reads only
 * what became due since the last one.
 */
export const retention: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('parcels').addColumn('personal_data_purged_at', 'text').execute();
    await db.schema
      .createTable('retention_cursors')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('after_id', 'integer', (c) => c.notNull())
      .execute();
  },
});
