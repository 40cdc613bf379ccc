import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * How many times a parcel was claimed for screening without being decided. A parcel that brings
 * down whatever screens it (a worker, the whole process) would otherwise go back to the queue
 * after every lease, forever: the dispatcher screens a parcel claimed before on its own, and
 * decides one claimed too often `review` with an `engine_error` reason. Reset by a decision.
 */
export const screenAttempts: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('parcels').addColumn('screen_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
});
