import type { Kysely } from 'kysely';
import { idColumn, type MigrationFactory } from './helpers.ts';

export const registry: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('holder_ref', 'text', (c) => c.notNull())
      .addColumn('holder_name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text')
      .addColumn('valid_until', 'text')
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('applications_holder').on('applications').columns(['holder_ref', 'id']).execute();
    await db.schema.createIndex('applications_status').on('applications').columns(['status', 'valid_until']).execute();

    await idColumn(dialect, db.schema.createTable('application_history'))
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('application_history_app').on('application_history').columns(['application_id', 'id']).execute();

    await db.schema
      .createTable('indicators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('indicators_kind').on('indicators').columns(['kind', 'id']).execute();

    // Set by customs when it records an outcome; a parcel without one is still under control.
    await db.schema.alterTable('parcels').addColumn('customs_outcome', 'text').execute();
  },
});
