import { sql, type Kysely } from 'kysely';
import { idColumn, type MigrationFactory } from './helpers.ts';

export const workflow: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    // What the review queue filters on, kept on the parcel when it is filed and decided.
    await db.schema.alterTable('parcels').addColumn('origin_country', 'text').execute();
    await db.schema.alterTable('parcels').addColumn('marks', 'text').execute();
    await db.schema.alterTable('parcels').addColumn('application_ids', 'text').execute();
    /** The legal clock: by when the rights holder must confirm infringement after notification. */
    await db.schema.alterTable('parcels').addColumn('confirm_by', 'text').execute();
    await db.schema.createIndex('parcels_queue').on('parcels').columns(['decision', 'customs_outcome', 'risk_score']).execute();

    await idColumn(dialect, db.schema.createTable('outcomes'))
      .addColumn('parcel_id', 'integer', (c) => c.notNull().references('parcels.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('officer', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outcomes_parcel').on('outcomes').columns(['parcel_id', 'id']).execute();

    await idColumn(dialect, db.schema.createTable('audit_log'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .execute();
    await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
    // Append-only in the database itself, not only by convention in the code.
    if (dialect === 'sqlite') {
      await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    } else {
      await sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
    }

    await db.schema
      .createTable('webhooks')
      .addColumn('owner', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await idColumn(dialect, db.schema.createTable('outbox'))
      /** `holder:<ref>` or `operator:<code>`: who the message is for. */
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('outbox_owner').on('outbox').columns(['owner', 'id']).execute();
    // Undelivered messages of one owner, for the deliverer (pull-only owners' messages stay out of it).
    await db.schema.createIndex('outbox_owner_due').on('outbox').columns(['owner', 'delivered_at', 'id']).execute();
  },
});
