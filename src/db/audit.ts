/**
 * The audit trail: every state-changing action, who, when, what, before and after. Append-only
 * and hash-chained: this module only inserts and reads; database triggers refuse UPDATE, DELETE,
 * REPLACE and TRUNCATE; each entry carries the hash of the one before (domain/audit-chain.ts).
 */
import type { Transaction } from 'kysely';
import { ChainVerifier, entryHash, type ChainCheck, type ChainedEntry } from '../domain/audit-chain.ts';
import { readScanning, type Db } from './connect.ts';
import type { Database } from './schema.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends an entry inside `trx`. The first statement updates the chain head row, which locks it
 * until `trx` ends: concurrent appends wait for each other, so the chain stays one line (on SQLite
 * the single writer serialises them anyway). Call it as late in the transaction as possible: the
 * head stays locked from here to the commit.
 */
export async function audit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  const head = await trx.updateTable('audit_chain_head').set((eb) => ({ last_id: eb.ref('last_id') })).where('id', '=', 1).returning('last_hash').executeTakeFirstOrThrow();
  const row = {
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    prev_hash: head.last_hash,
  };
  const { id } = await trx.insertInto('audit_log').values(row).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('audit_chain_head').set({ last_id: Number(id), last_hash: entryHash({ ...row, id: Number(id) }) }).where('id', '=', 1).execute();
}

/** `audit` in a transaction of its own, for actions that have none. */
export async function auditAlone(db: Db, entry: AuditEntry): Promise<void> {
  await db.kysely.transaction().execute((trx) => audit(trx, entry));
}

/**
 * Verifies the whole chain, in pages of `pageSize` entries read on SQLite's background thread
 * (a long trail never stalls the event loop). Entries appended while it runs are past the head
 * read first and are left for the next verification.
 */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainCheck> {
  const head = await db.kysely.selectFrom('audit_chain_head').select(['last_id', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const lastId = head.last_id === null ? null : Number(head.last_id);
  const verifier = new ChainVerifier();
  let after = 0;
  while (lastId !== null) {
    const page = await readScanning(
      db,
      db.kysely.selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after', 'prev_hash']).where('id', '>', after).where('id', '<=', lastId).orderBy('id').limit(pageSize),
    );
    if (page.length === 0) break;
    const entries: ChainedEntry[] = page.map((r) => ({ ...r, id: Number(r.id), prev_hash: r.prev_hash ?? '' }));
    if (!verifier.step(entries)) break;
    after = entries[entries.length - 1]!.id;
  }
  return verifier.finish({ lastId, lastHash: head.last_hash });
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  after?: number;
  /** Newest first, below this id (the console's pages); the API reads oldest first after `after`. */
  before?: number;
  newestFirst?: boolean;
  limit: number;
}

export async function readAudit(db: Db, filter: AuditFilter) {
  let q = db.kysely.selectFrom('audit_log').selectAll();
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.after !== undefined) q = q.where('id', '>', filter.after);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  const rows = await q.orderBy('id', filter.newestFirst ? 'desc' : 'asc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    prevHash: r.prev_hash,
  }));
}
