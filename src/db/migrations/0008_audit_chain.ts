import { sql, type Kysely } from 'kysely';
import { entryHash, GENESIS_HASH, type ChainedEntry } from '../../domain/audit-chain.ts';
import type { MigrationFactory } from './helpers.ts';

/**
 * A tamper-evident audit trail: every entry carries the hash of the previous one (see
 * domain/audit-chain.ts), and `audit_chain_head` holds the last entry's id and hash. Appends lock
 * the head row, so concurrent appends on PostgreSQL form one line. The entries already there get
 * their links here, in id order.
 *
 * On SQLite, REPLACE INTO deleted and re-inserted a row without firing the delete trigger: a
 * BEFORE INSERT trigger now refuses an id that exists. On PostgreSQL a statement trigger refuses
 * TRUNCATE too (the service's own role should not own the table at all: see the README).
 */
export const auditChain: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
    await db.schema
      .createTable('audit_chain_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('last_id', 'integer')
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .execute();

    // Link the existing entries: the append-only triggers are lifted for this one rewrite.
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(db);
    else await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    let previous = { id: null as number | null, hash: GENESIS_HASH };
    for (;;) {
      const page = await sql<Omit<ChainedEntry, 'prev_hash'>>`
        select id, at, actor, action, entity, entity_id, before, after from audit_log
        where id > ${previous.id ?? 0} order by id limit 1000`.execute(db);
      if (page.rows.length === 0) break;
      for (const row of page.rows) {
        const entry = { ...row, id: Number(row.id), prev_hash: previous.hash };
        await sql`update audit_log set prev_hash = ${previous.hash} where id = ${entry.id}`.execute(db);
        previous = { id: entry.id, hash: entryHash(entry) };
      }
    }
    if (dialect === 'sqlite') {
      await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_no_replace before insert on audit_log when exists (select 1 from audit_log where id = new.id) begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    } else {
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(db);
    }
    await sql`insert into audit_chain_head (id, last_id, last_hash) values (1, ${previous.id}, ${previous.hash})`.execute(db);
  },
});
