/**
 * The screening queue in the parcels table: claim pending parcels in batches under a token,
 * write decisions under the same token, hand back claims whose lease ran out.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { Db } from './connect.ts';
import type { Database, Decision } from './schema.ts';
import type { ParcelToScreen } from '../domain/parcel-to-screen.ts';
import { latestRegistryVersion } from './registry.ts';
import type { OutboxMessage } from './outbox.ts';
import { underCustomsControl } from './parcel-control.ts';

/** A claimed parcel: what a screening task needs (its stored JSON and manifest), and what the dispatcher needs to write the result. */
export interface ClaimedParcel extends ParcelToScreen {
  operatorCode: string;
  /** The decision it has already, when it is being screened again against a newer registry. */
  previousDecision: Decision | null;
  previousScore: number | null;
  /** Claims since its last decision, this one included: more than one means a claim was lost before. */
  attempts: number;
}

export interface Claim {
  token: string;
  parcels: ClaimedParcel[];
}

/**
 * Claims up to `limit` new parcels (pending), oldest first. Concurrent claimers never get the
 * same parcel.
 */
export async function claimPending(db: Db, limit: number): Promise<Claim> {
  const token = randomUUID();
  return { token, parcels: await claimWithStatus(db, 'pending', limit, token) };
}

/**
 * Claims up to `limit` parcels queued for re-screening, oldest first. They were queued in the
 * transaction that published a newer registry version: the caller loads that version first.
 */
export async function claimRescreen(db: Db, limit: number): Promise<Claim> {
  const token = randomUUID();
  return { token, parcels: await claimWithStatus(db, 'rescreen', limit, token) };
}

async function claimWithStatus(db: Db, status: 'pending' | 'rescreen', limit: number, token: string): Promise<ClaimedParcel[]> {
  const now = new Date().toISOString();
  // "status <> 'screened'" repeats the partial index's condition: SQLite only uses a partial index
  // when the query names its WHERE term (it does not infer it from status = 'pending').
  const picked =
    db.dialect === 'postgres'
      ? sql`select id from parcels where status <> 'screened' and status = ${status} order by id limit ${limit} for update skip locked`
      : sql`select id from parcels where status <> 'screened' and status = ${status} order by id limit ${limit}`;
  const rows = await db.kysely.transaction().execute(async (trx) => {
    const claimed = await sql<{ id: number; item_id: string; revision: number; data: string; manifest_id: string; operator_code: string; decision: Decision | null; risk_score: number | null; screen_attempts: number }>`
      update parcels set status = 'screening', claimed_at = ${now}, claim_token = ${token}, screen_attempts = screen_attempts + 1
      where id in (${picked})
      returning id, item_id, revision, data, manifest_id, operator_code, decision, risk_score, screen_attempts`.execute(trx);
    if (claimed.rows.length === 0) return [];
    const manifestIds = [...new Set(claimed.rows.map((r) => r.manifest_id))];
    const manifests = await trx
      .selectFrom('manifests')
      .select(['id', 'regime', 'destination_country'])
      .where('id', 'in', manifestIds)
      .execute();
    const byId = new Map(manifests.map((m) => [m.id, m]));
    return claimed.rows.map((r) => ({
      id: Number(r.id),
      itemId: r.item_id,
      revision: r.revision,
      data: r.data,
      regime: byId.get(r.manifest_id)!.regime,
      destinationCountry: byId.get(r.manifest_id)!.destination_country,
      operatorCode: r.operator_code,
      previousDecision: r.decision,
      previousScore: r.risk_score,
      attempts: r.screen_attempts,
    }));
  });
  return rows.sort((a, b) => a.id - b.id);
}

export interface DecisionWrite {
  parcelId: number;
  revision: number;
  decision: Decision;
  riskScore: number;
  reasons: string;
  /** False for a re-screen that changed nothing: the parcel notes the version, the history gets no new entry. */
  record?: boolean;
  marks?: string;
  applications?: string;
  /** Sent to the operator's feed if, and only if, this decision is written. */
  feed?: OutboxMessage;
}

const sqliteStatements = new WeakMap<object, { update: Statement; insert: Statement }>();

function sqliteDecisionStatements(db: Db) {
  let s = sqliteStatements.get(db.sqlite!);
  if (!s) {
    s = {
      update: db.sqlite!.prepare(
        `update parcels set status = 'screened', decision = ?, risk_score = ?, decided_at = ?, registry_version = ?, claim_token = null,
           marks = ?, application_ids = ?, screen_attempts = 0
         where id = ? and claim_token = ? and revision = ?`,
      ),
      insert: db.sqlite!.prepare(
        // The claim token already makes one writer per parcel; the conflict clause keeps a batch from failing
        // on a same-version re-screen (possible when an application's validity ends between two claims).
        'insert into decisions (parcel_id, parcel_revision, registry_version, decision, risk_score, reasons, decided_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing',
      ),
    };
    sqliteStatements.set(db.sqlite!, s);
  }
  return s;
}

/**
 * Writes a batch's decisions, in the caller's transaction `trx` (on SQLite through the
 * connection's prepared statements, which run inside it). A parcel whose claim was lost (lease
 * expired and taken over) or that was amended meanwhile is skipped: its decision belongs to the
 * newer claim. Returns the decisions written.
 */
export async function writeDecisionRows(db: Db, trx: Transaction<Database>, token: string, registryVersion: number, decisions: readonly DecisionWrite[]): Promise<DecisionWrite[]> {
  const now = new Date().toISOString();
  // The column is an integer; a score derived from fractional thresholds (holdAt 0.5, a weight of
  // 0.5, which the scoring settings allow) made PostgreSQL refuse the whole batch ("invalid input
  // syntax for type integer", found by bench:hostile) and SQLite store a REAL.
  decisions = decisions.map((d) => (Number.isInteger(d.riskScore) ? d : { ...d, riskScore: Math.round(d.riskScore) }));
  if (db.dialect === 'sqlite') {
    const { update, insert } = sqliteDecisionStatements(db);
    const written: DecisionWrite[] = [];
    for (const d of decisions) {
      if (update.run(d.decision, d.riskScore, now, registryVersion, d.marks || null, d.applications || null, d.parcelId, token, d.revision).changes !== 1) continue;
      if (d.record !== false) insert.run(d.parcelId, d.revision, registryVersion, d.decision, d.riskScore, d.reasons, now);
      written.push(d);
    }
    return written;
  }
  const ok = await writeDecisionsPg(trx, token, registryVersion, decisions, now);
  return decisions.filter((d) => ok.has(d.parcelId));
}

async function writeDecisionsPg(trx: Transaction<Database>, token: string, version: number, decisions: readonly DecisionWrite[], now: string): Promise<Set<number>> {
  if (decisions.length === 0) return new Set();
  const col = <K extends keyof DecisionWrite>(k: K) => decisions.map((d) => d[k] ?? null);
  const updated = await sql<{ id: number }>`
    update parcels p set status = 'screened', decision = u.decision, risk_score = u.score, decided_at = ${now},
      registry_version = ${version}, claim_token = null, marks = nullif(u.marks, ''), application_ids = nullif(u.apps, ''),
      screen_attempts = 0
    from unnest(${col('parcelId')}::bigint[], ${col('revision')}::int[], ${col('decision')}::text[], ${col('riskScore')}::int[],
                ${col('marks')}::text[], ${col('applications')}::text[])
      as u(id, revision, decision, score, marks, apps)
    where p.id = u.id and p.claim_token = ${token} and p.revision = u.revision
    returning p.id`.execute(trx);
  const ok = new Set(updated.rows.map((r) => Number(r.id)));
  const rows = decisions.filter((d) => ok.has(d.parcelId) && d.record !== false);
  if (rows.length === 0) return ok;
  const c = <K extends keyof DecisionWrite>(k: K) => rows.map((d) => d[k]);
  await sql`
    insert into decisions (parcel_id, parcel_revision, registry_version, decision, risk_score, reasons, decided_at)
    select id, revision, ${version}, decision, score, reasons, ${now}
    from unnest(${c('parcelId')}::bigint[], ${c('revision')}::int[], ${c('decision')}::text[], ${c('riskScore')}::int[], ${c('reasons')}::text[])
      as u(id, revision, decision, score, reasons)
    on conflict do nothing`.execute(trx);
  return ok;
}

/**
 * Takes back the attempt a claim counted: its batch failed for a reason that is no parcel's (a
 * registry that does not compile), so the parcels must not come closer to being given up.
 */
export async function forgiveClaimAttempt(db: Db, token: string): Promise<void> {
  await db.kysely
    .updateTable('parcels')
    .set((eb) => ({ screen_attempts: eb('screen_attempts', '-', 1) }))
    .where('claim_token', '=', token)
    .where('screen_attempts', '>', 0)
    .execute();
}

/**
 * Hands claims older than `olderThan` back to the queue: their dispatcher died or stalled.
 * Returns how many parcels went back to pending.
 */
export async function releaseStaleClaims(db: Db, olderThan: Date): Promise<number> {
  const result = await db.kysely
    .updateTable('parcels')
    .set({ status: 'pending', claim_token: null, claimed_at: null })
    .where('status', '<>', 'screened') // lets SQLite use the partial index (see claimPending)
    .where('status', '=', 'screening')
    .where('claimed_at', '<', olderThan.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A batch screened with a version that was replaced while it ran: its parcels still under control
 * go back to the queue, since the publish that replaced the version could not queue parcels that
 * were claimed at that moment. Returns how many were queued again.
 */
export async function requeueIfSuperseded(db: Db, parcelIds: readonly number[], usedVersion: number): Promise<number> {
  if (parcelIds.length === 0) return 0;
  if (((await latestRegistryVersion(db.kysely)) ?? 0) <= usedVersion) return 0;
  const result = await db.kysely
    .updateTable('parcels')
    .set({ status: 'rescreen' })
    .where('id', 'in', [...parcelIds])
    .$call(underCustomsControl)
    .where('registry_version', '=', usedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
