import type { Kysely } from 'kysely';
import { idColumn, type MigrationFactory } from './helpers.ts';

/**
 * Spellings learnt from customs outcomes: a detention or seizure whose trademark evidence was a
 * disguise of the mark makes that spelling a learnt alias of the application, with provenance.
 * One row per application, mark and spelling (the folded spelling: "N1ke" and "n1ke" are one).
 */
export const learntAliases: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await idColumn(dialect, db.schema.createTable('learnt_aliases'))
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
      .addColumn('mark', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('alias_key', 'text', (c) => c.notNull())
      .addColumn('parcel_id', 'bigint')
      .addColumn('item_id', 'text')
      .addColumn('officer', 'text', (c) => c.notNull())
      .addColumn('learnt_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('learnt_aliases_unique').on('learnt_aliases').columns(['application_id', 'mark', 'alias_key']).unique().execute();
  },
});
