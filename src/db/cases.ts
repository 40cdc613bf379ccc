/**
 * Cases of the procedure after a detention: stored facts as JSON, with the status and deadline
 * copied out for queries. Every change is conditional on the version read, so concurrent
 * writers (two nodes' deadline watchers, a watcher and an answer) never both record a step.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Db } from './connect.ts';
import type { CaseRow, Database } from './schema.ts';
import { DEADLINE_BOUND, statusOf, type CaseState, type CaseStatus } from '../domain/case-procedure.ts';
import type { CaseNotice, TrademarkEvidence } from '../domain/events.ts';

export interface NewCase {
  parcelId: number;
  applicationId: string;
  holderRef: string;
  operatorCode: string;
  officeCode: string;
  state: CaseState;
  notice: CaseNotice;
}

/** Inserts cases; a case the parcel already has for the application is left as it is. Returns the ids inserted. */
export async function insertCases(executor: Kysely<Database>, cases: readonly NewCase[]): Promise<number[]> {
  if (cases.length === 0) return [];
  const rows = await executor
    .insertInto('cases')
    .values(
      cases.map((c) => ({
        parcel_id: c.parcelId,
        application_id: c.applicationId,
        holder_ref: c.holderRef,
        operator_code: c.operatorCode,
        office_code: c.officeCode,
        procedure: c.state.procedure,
        status: statusOf(c.state),
        deadline_passes_at: c.state.deadline.passesAt,
        state: JSON.stringify(c.state),
        notice: JSON.stringify(c.notice),
        version: 1,
        opened_at: c.state.notifiedAt,
        updated_at: c.state.notifiedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['parcel_id', 'application_id']).doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Writes a case's new state if nobody changed it since `version` was read; false when someone did. */
export async function updateCase(executor: Kysely<Database>, id: number, version: number, state: CaseState, at: string): Promise<boolean> {
  const result = await executor
    .updateTable('cases')
    .set({ status: statusOf(state), deadline_passes_at: state.deadline.passesAt, state: JSON.stringify(state), version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findCase(executor: Kysely<Database>, id: number, holderScope: string | null): Promise<CaseRow | undefined> {
  let q = executor.selectFrom('cases').selectAll().where('id', '=', id);
  if (holderScope !== null) q = q.where('holder_ref', '=', holderScope);
  return q.executeTakeFirst();
}

export async function casesOfParcel(executor: Kysely<Database>, parcelId: number): Promise<CaseRow[]> {
  return executor.selectFrom('cases').selectAll().where('parcel_id', '=', parcelId).orderBy('id').execute();
}

/** The parcel of a manifest by item id, for the declarant's answer (scoped to the operator). */
export async function parcelByItem(executor: Kysely<Database>, manifestId: string, itemId: string, operatorCode: string) {
  return executor
    .selectFrom('parcels')
    .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
    .select(['parcels.id'])
    .where('parcels.manifest_id', '=', manifestId)
    .where('parcels.item_id', '=', itemId)
    .where('manifests.operator_code', '=', operatorCode)
    .executeTakeFirst();
}

export interface CaseFilter {
  status?: CaseStatus;
  applicationId?: string;
  parcelId?: number;
  /** Release due: recorded, or a deadline passed that the watcher has not recorded yet. */
  overdue?: boolean;
  open?: boolean;
  after?: number;
  limit: number;
}

/** Cases whose release is due at `now`, whether or not the watcher has recorded it yet. */
function releaseDueNow(eb: ExpressionBuilder<Database, 'cases'>, now: string) {
  return eb.or([
    eb('cases.status', '=', 'release_due'),
    eb.and([eb('cases.status', 'in', ['awaiting_holder', 'awaiting_proceedings']), eb('cases.deadline_passes_at', '<=', now)]),
  ]);
}

export async function listCases(db: Db, holderScope: string | null, filter: CaseFilter, now: string): Promise<CaseRow[]> {
  let q = db.kysely.selectFrom('cases').selectAll();
  if (holderScope !== null) q = q.where('holder_ref', '=', holderScope);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.applicationId) q = q.where('application_id', '=', filter.applicationId);
  if (filter.parcelId !== undefined) q = q.where('parcel_id', '=', filter.parcelId);
  if (filter.overdue) q = q.where((eb) => releaseDueNow(eb, now));
  if (filter.open === true) q = q.where('status', '<>', 'closed');
  if (filter.open === false) q = q.where('status', '=', 'closed');
  if (filter.after !== undefined) q = q.where('id', '>', filter.after);
  return q.orderBy('id').limit(filter.limit).execute();
}

/** Cases waiting on a deadline that has passed by `now`, oldest deadline first. */
export async function casesPastDeadline(db: Db, now: string, limit: number): Promise<CaseRow[]> {
  return db.kysely
    .selectFrom('cases')
    .selectAll()
    .where('status', 'in', [...DEADLINE_BOUND])
    .where('deadline_passes_at', '<=', now)
    .orderBy('deadline_passes_at')
    .limit(limit)
    .execute();
}

/**
 * The review queue's `overdue` filter: parcels some case of which has release due at `now` and
 * none of which still keeps the goods (every other case closed or release due too).
 */
export function whereReleaseDue(now: string) {
  return (eb: ExpressionBuilder<Database, 'parcels'>) =>
    eb.and([
      eb('parcels.id', 'in', eb.selectFrom('cases').select('cases.parcel_id').where((c) => releaseDueNow(c, now))),
      eb('parcels.id', 'not in', eb.selectFrom('cases').select('cases.parcel_id').where('cases.status', '<>', 'closed').where((c) => c.not(releaseDueNow(c, now)))),
    ]);
}

/** The earliest deadline of a parcel's open cases, shown on the parcel (`confirm_by`). */
export async function setParcelDeadline(executor: Kysely<Database>, parcelId: number): Promise<void> {
  const rows = await executor.selectFrom('cases').select(['state', 'deadline_passes_at']).where('parcel_id', '=', parcelId).where('status', '<>', 'closed').orderBy('deadline_passes_at').limit(1).execute();
  const due = rows[0] ? (JSON.parse(rows[0].state) as CaseState).deadline.due : null;
  await executor.updateTable('parcels').set({ confirm_by: due }).where('id', '=', parcelId).execute();
}

/** The trademark reasons of the parcel's current decision for one application: the evidence a holder is shown. */
export async function trademarkEvidence(executor: Kysely<Database>, parcelId: number): Promise<Map<string, TrademarkEvidence[]>> {
  const row = await executor.selectFrom('decisions').select('reasons').where('parcel_id', '=', parcelId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const byApplication = new Map<string, TrademarkEvidence[]>();
  if (!row) return byApplication;
  const reasons = JSON.parse(row.reasons) as { kind: string; applicationId?: string; mark?: string; field: string; matched: string; start: number; end: number; similarity?: number; note: string }[];
  for (const r of reasons) {
    if (r.kind !== 'trademark' || !r.applicationId) continue;
    const list = byApplication.get(r.applicationId) ?? [];
    list.push({ mark: r.mark, field: r.field, matched: r.matched, start: r.start, end: r.end, ...(r.similarity !== undefined ? { similarity: r.similarity } : {}), note: r.note });
    byApplication.set(r.applicationId, list);
  }
  return byApplication;
}
