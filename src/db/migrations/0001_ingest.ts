import type { Kysely } from 'kysely';
import { idColumn, type MigrationFactory } from './helpers.ts';

export const ingest: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('operator_code', 'text')
      .addColumn('holder_ref', 'text')
      .addColumn('label', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('manifests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('operator_code', 'text', (c) => c.notNull())
      .addColumn('manifest_ref', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('regime', 'text', (c) => c.notNull())
      .addColumn('destination_country', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('manifests_operator_ref', ['operator_code', 'manifest_ref'])
      .execute();

    await idColumn(dialect, db.schema.createTable('parcels'))
      .addColumn('manifest_id', 'text', (c) => c.notNull().references('manifests.id'))
      .addColumn('operator_code', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('seller_name', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text')
      .addColumn('decision', 'text')
      .addColumn('risk_score', 'integer')
      .addColumn('decided_at', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      // An operator files an item id once: resubmissions are reported as duplicates.
      .addUniqueConstraint('parcels_operator_item', ['operator_code', 'item_id'])
      .execute();
    await db.schema.createIndex('parcels_manifest').on('parcels').columns(['manifest_id', 'id']).execute();
    // The screening dispatcher claims the oldest pending parcels; the backlog gauge counts them.
    await db.schema.createIndex('parcels_status').on('parcels').columns(['status', 'id']).execute();

    await idColumn(dialect, db.schema.createTable('parcel_revisions'))
      .addColumn('parcel_id', 'integer', (c) => c.notNull().references('parcels.id'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('replaced_at', 'text', (c) => c.notNull())
      .addColumn('replaced_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('parcel_revisions_parcel').on('parcel_revisions').columns(['parcel_id', 'revision']).execute();
  },
});
