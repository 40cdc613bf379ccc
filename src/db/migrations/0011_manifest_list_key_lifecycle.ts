import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * An operator's manifests, newest first (`GET /v1/manifests`), for one operator or for all
 * (customs): a manifest row is written once per filing, so these indexes cost nothing per parcel.
 * API keys get an expiry (set on creation, or by rotation for the old key's grace period), the
 * time they were last used (recorded at most once a minute per key) and the key a rotation
 * replaced them with.
 */
export const manifestListKeyLifecycle: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('manifests_operator_received').on('manifests').columns(['operator_code', 'received_at', 'id']).execute();
    await db.schema.createIndex('manifests_received').on('manifests').columns(['received_at', 'id']).execute();
    await db.schema.alterTable('api_keys').addColumn('expires_at', 'text').execute();
    await db.schema.alterTable('api_keys').addColumn('last_used_at', 'text').execute();
    await db.schema.alterTable('api_keys').addColumn('replaced_by', 'text').execute();
  },
});
