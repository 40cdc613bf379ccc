import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * Web console sessions, in the database so that any node of several answers any request. The
 * session id itself is never stored, only its SHA-256: a copy of the table opens no session.
 * The CSRF token is the synchronizer token of the session's forms.
 *
 * And the review queue in the order it is read (risk descending, then id), for flagged parcels
 * only: a page is the first 50 entries of an index range, never a sort of every flagged parcel
 * (measured on 1,000,000 parcels, 112,000 flagged: the first page sorted all of them in a temp
 * b-tree). Partial on `decision <> 'release'` (hold or review), so filing and releasing write
 * nothing to them: only the ~12 % of parcels that are flagged cost an entry in each. By operator,
 * seller and origin too: filters an officer narrows to that can be too rare to find by walking
 * the whole queue in risk order (an origin with few flagged parcels took 240 ms at p50 that way).
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

    // `<> 'release'`, not `in ('hold', 'review')`: SQLite seeks an index on an IN list, and would
    // then rather seek `parcels_decision` and sort every flagged parcel than walk these in order.
    const flagged = sql<boolean>`decision <> 'release'`;
    await db.schema.createIndex('parcels_flagged_risk').on('parcels').columns(['risk_score desc', 'id']).where(flagged).execute();
    await db.schema.createIndex('parcels_flagged_operator').on('parcels').columns(['operator_code', 'risk_score desc', 'id']).where(flagged).execute();
    await db.schema.createIndex('parcels_flagged_seller').on('parcels').columns(['seller_name', 'risk_score desc', 'id']).where(flagged).execute();
    await db.schema.createIndex('parcels_flagged_origin').on('parcels').columns(['origin_country', 'risk_score desc', 'id']).where(flagged).execute();
  },
});
