/**
 * Applications for customs action and their history. Rights holders see only their own: every
 * read takes the holder scope (null for customs and admin).
 */
import type { Kysely } from 'kysely';
import type { Db } from './connect.ts';
import { addDays } from '../domain/dates.ts';
import type { ApplicationStatus, Database } from './schema.ts';
import type { StoredApplicationForm } from '../domain/registry-forms.ts';

export interface ApplicationRecord {
  id: string;
  holderRef: string;
  status: ApplicationStatus | 'expired';
  form: StoredApplicationForm;
  validFrom: string | null;
  validUntil: string | null;
  submittedAt: string;
  submittedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  updatedAt: string;
}

type Row = Awaited<ReturnType<typeof selectApplications>>[number];

function selectApplications(executor: Kysely<Database>) {
  return executor.selectFrom('applications').selectAll().execute();
}

/** An accepted application past its validity reads as expired. */
export function toRecord(row: Row, today: string): ApplicationRecord {
  const expired = row.status === 'accepted' && row.valid_until !== null && row.valid_until <= today;
  return {
    id: row.id,
    holderRef: row.holder_ref,
    status: expired ? 'expired' : row.status,
    form: JSON.parse(row.data) as StoredApplicationForm,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    updatedAt: row.updated_at,
  };
}

export async function addHistory(executor: Kysely<Database>, applicationId: string, by: string, action: string, details: unknown): Promise<void> {
  await executor
    .insertInto('application_history')
    .values({ application_id: applicationId, at: new Date().toISOString(), by, action, details: JSON.stringify(details) })
    .execute();
}

export async function findApplication(executor: Kysely<Database>, id: string, holderScope: string | null) {
  let q = executor.selectFrom('applications').selectAll().where('id', '=', id);
  if (holderScope !== null) q = q.where('holder_ref', '=', holderScope);
  return q.executeTakeFirst();
}

export interface ApplicationFilter {
  status?: ApplicationStatus | 'expired';
  /** Accepted applications whose validity ends within this many days. */
  expiringWithinDays?: number;
  after?: string;
  limit: number;
}

export async function listApplications(db: Db, holderScope: string | null, filter: ApplicationFilter, today: string) {
  let q = db.kysely.selectFrom('applications').selectAll();
  if (holderScope !== null) q = q.where('holder_ref', '=', holderScope);
  if (filter.status === 'expired') q = q.where('status', '=', 'accepted').where('valid_until', '<=', today);
  else if (filter.status === 'accepted') q = q.where('status', '=', 'accepted').where('valid_until', '>', today);
  else if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.expiringWithinDays !== undefined) {
    const limit = addDays(today, filter.expiringWithinDays);
    q = q.where('status', '=', 'accepted').where('valid_until', '>', today).where('valid_until', '<=', limit);
  }
  if (filter.after) q = q.where('id', '>', filter.after);
  const rows = await q.orderBy('id').limit(filter.limit).execute();
  return rows.map((r) => toRecord(r, today));
}

export async function applicationHistory(db: Db, id: string) {
  const rows = await db.kysely.selectFrom('application_history').select(['at', 'by', 'action', 'details']).where('application_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ at: r.at, by: r.by, action: r.action, details: JSON.parse(r.details) as unknown }));
}

/** The applications a parcel matched, with what a case needs: the holder and the form's procedural choices. */
export async function applicationsByIds(executor: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return executor.selectFrom('applications').select(['id', 'holder_ref', 'data']).where('id', 'in', [...ids]).orderBy('id').execute();
}

export type ExpiryNotice = 'expiring' | 'expired';

/**
 * Accepted applications owed an expiry notice on `today`: `expiring` when validity ends within
 * `withinDays` days, `expired` once it has ended; each once per end of validity (a renewal
 * moves the end, and so earns new notices).
 */
export async function applicationsOwedExpiryNotice(db: Db, kind: ExpiryNotice, today: string, withinDays: number, limit: number) {
  const column = kind === 'expiring' ? 'expiring_notice_for' : 'expired_notice_for';
  let q = db.kysely.selectFrom('applications').select(['id', 'holder_ref', 'valid_until']).where('status', '=', 'accepted').where('valid_until', 'is not', null);
  q = kind === 'expiring' ? q.where('valid_until', '>', today).where('valid_until', '<=', addDays(today, withinDays)) : q.where('valid_until', '<=', today);
  return q
    .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<>', eb.ref('valid_until'))]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks the notice given for this end of validity; false when another node already did (or validity changed meanwhile). */
export async function markExpiryNotice(executor: Kysely<Database>, id: string, kind: ExpiryNotice, validUntil: string): Promise<boolean> {
  const column = kind === 'expiring' ? 'expiring_notice_for' : 'expired_notice_for';
  const result = await executor
    .updateTable('applications')
    .set({ [column]: validUntil })
    .where('id', '=', id)
    .where('valid_until', '=', validUntil)
    .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<>', validUntil)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertApplication(executor: Kysely<Database>, a: { id: string; holderRef: string; form: StoredApplicationForm; by: string; now: string }): Promise<void> {
  await executor
    .insertInto('applications')
    .values({ id: a.id, holder_ref: a.holderRef, holder_name: a.form.holder.name, status: 'submitted', data: JSON.stringify(a.form), valid_from: null, valid_until: null, submitted_at: a.now, submitted_by: a.by, decided_at: null, decided_by: null, decision_reason: null, updated_at: a.now })
    .execute();
}

/** A changed form goes back to customs as submitted. */
export async function resubmitApplication(executor: Kysely<Database>, id: string, form: StoredApplicationForm, now: string): Promise<void> {
  await executor.updateTable('applications').set({ data: JSON.stringify(form), holder_name: form.holder.name, status: 'submitted', updated_at: now }).where('id', '=', id).execute();
}

export async function rejectApplication(executor: Kysely<Database>, id: string, by: string, reason: string, now: string): Promise<void> {
  await executor.updateTable('applications').set({ status: 'rejected', decided_at: now, decided_by: by, decision_reason: reason, updated_at: now }).where('id', '=', id).execute();
}

export async function acceptApplication(executor: Kysely<Database>, id: string, a: { validFrom: string; validUntil: string; by: string; note: string | null; now: string }): Promise<void> {
  await executor
    .updateTable('applications')
    .set({ status: 'accepted', valid_from: a.validFrom, valid_until: a.validUntil, decided_at: a.now, decided_by: a.by, decision_reason: a.note, updated_at: a.now })
    .where('id', '=', id)
    .execute();
}

export async function extendApplication(executor: Kysely<Database>, id: string, validUntil: string, now: string): Promise<void> {
  await executor.updateTable('applications').set({ valid_until: validUntil, updated_at: now }).where('id', '=', id).execute();
}

/** Accepted applications (expired ones too: validity is checked when screening), by id: what a registry bundle carries. */
export async function acceptedApplications(executor: Kysely<Database>) {
  return executor.selectFrom('applications').selectAll().where('status', '=', 'accepted').orderBy('id').execute();
}

/** An application as a registry bundle imports it: accepted with the bundle's validity, inserted or replaced by id. */
export async function upsertImportedApplication(
  executor: Kysely<Database>,
  id: string,
  a: { holderRef: string; form: StoredApplicationForm; validFrom: string; validUntil: string; by: string; now: string },
): Promise<void> {
  const values = {
    holder_ref: a.holderRef,
    holder_name: a.form.holder.name,
    status: 'accepted' as const,
    data: JSON.stringify(a.form),
    valid_from: a.validFrom,
    valid_until: a.validUntil,
    decided_at: a.now,
    decided_by: a.by,
    decision_reason: null,
    updated_at: a.now,
  };
  const existing = await executor.selectFrom('applications').select('id').where('id', '=', id).executeTakeFirst();
  if (existing) await executor.updateTable('applications').set(values).where('id', '=', id).execute();
  else await executor.insertInto('applications').values({ id, submitted_at: a.now, submitted_by: a.by, ...values }).execute();
}
