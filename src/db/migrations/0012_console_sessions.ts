import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * Web console sessions, in the database so that any node of several answers any request. The
 * session id itself is never stored, only its SHA-256: a copy of the table opens no session.
 * The CSRF token is the synchronizer token of the session's forms.
 */
export const consoleSessions: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('console_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    // Expired sessions are swept by when they end.
    await db.schema.createIndex('console_sessions_expiry').on('console_sessions').columns(['expires_at']).execute();
  },
});
