import type { Kysely } from 'kysely';
import { idColumn, type MigrationFactory } from './helpers.ts';

/** The procedure after a detention: cases, and which expiry notices applications have had. */
export const cases: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await idColumn(dialect, db.schema.createTable('cases'))
      .addColumn('parcel_id', 'integer', (c) => c.notNull().references('parcels.id'))
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('holder_ref', 'text', (c) => c.notNull())
      .addColumn('operator_code', 'text', (c) => c.notNull())
      .addColumn('office_code', 'text', (c) => c.notNull())
      .addColumn('procedure', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('deadline_passes_at', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('notice', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // One case per parcel and application, even when two officers detain at once.
    await db.schema.createIndex('cases_parcel_application').unique().on('cases').columns(['parcel_id', 'application_id']).execute();
    // A holder's own cases, newest last, for its list.
    await db.schema.createIndex('cases_holder').on('cases').columns(['holder_ref', 'id']).execute();
    // The deadline watcher: cases waiting on a deadline, by when it passes.
    await db.schema.createIndex('cases_deadline').on('cases').columns(['status', 'deadline_passes_at']).execute();

    await db.schema.alterTable('applications').addColumn('expiring_notice_for', 'text').execute();
    await db.schema.alterTable('applications').addColumn('expired_notice_for', 'text').execute();
  },
});
