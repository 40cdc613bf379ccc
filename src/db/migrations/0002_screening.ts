import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { idColumn, type MigrationFactory } from './helpers.ts';

export const screening: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('registry_versions')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('bundle', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();

    await idColumn(dialect, db.schema.createTable('decisions'))
      .addColumn('parcel_id', 'integer', (c) => c.notNull().references('parcels.id'))
      .addColumn('parcel_revision', 'integer', (c) => c.notNull())
      .addColumn('registry_version', 'integer', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('risk_score', 'integer', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      // One decision per parcel revision and registry version: a crash or a lost lease can make a
      // batch be screened twice, never decided twice.
      .addUniqueConstraint('decisions_once', ['parcel_id', 'parcel_revision', 'registry_version'])
      .execute();

    await db.schema.alterTable('parcels').addColumn('claim_token', 'text').execute();
    await db.schema.alterTable('parcels').addColumn('registry_version', 'integer').execute();
    // Only parcels waiting for or under screening need the status index: keep it small as the table grows.
    await db.schema.dropIndex('parcels_status').execute();
    await db.schema
      .createIndex('parcels_open_status')
      .on('parcels')
      .columns(['status', 'id'])
      .where(sql.ref('status'), '<>', 'screened')
      .execute();
    await db.schema.createIndex('parcels_decision').on('parcels').columns(['decision', 'risk_score']).execute();
  },
});
