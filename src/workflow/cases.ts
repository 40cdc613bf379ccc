/**
 * The procedure after a detention, as a service: opens a case per parcel and matched
 * application when customs detain, suspend or seize; records the holder's and the declarant's
 * answers and the deadlines that pass; decides whether destruction may proceed. Each change is
 * one transaction with its audit entries and outbox messages; the rules are the pure state
 * machine of src/domain/case-procedure.ts and the office calendar of src/domain/calendar.ts.
 */
import { applicationsByIds } from '../db/applications.ts';
import { audit } from '../db/audit.ts';
import { casesOfParcel, casesPastDeadline, findCase, insertCases, listCases, parcelByItem, setParcelDeadline, trademarkEvidence, updateCase, type CaseFilter } from '../db/cases.ts';
import type { Db } from '../db/connect.ts';
import { enqueue } from '../db/outbox.ts';
import type { CaseRow } from '../db/schema.ts';
import { extendDeadline, localDate, workingDayDeadline, type Deadline } from '../domain/calendar.ts';
import {
  applyCaseEvent,
  awaiting,
  destructionBlock,
  destructionVerdict,
  openCase,
  releaseDueForParcel,
  releaseDueReason,
  statusOf,
  type CaseEvent,
  type CaseRefusal,
  type CaseState,
  type DeclarantAnswer,
  type DestructionVerdict,
  type HolderAnswer,
} from '../domain/case-procedure.ts';
import { caseActionMessage, caseStepMessages, deadlineView, detentionNoticeMessage, type CaseNotice, type CaseView, type EventMessage } from '../domain/events.ts';
import type { Parcel } from '../domain/manifest.ts';
import type { OfficeDirectory } from '../domain/offices.ts';
import { isSmallConsignment, perishableGoods, PERISHABLE_WORKING_DAYS, SMALL_CONSIGNMENT_WORKING_DAYS } from '../domain/procedure-rules.ts';
import type { StoredApplicationForm } from '../domain/registry-forms.ts';
import { inTransaction, type Executor, type Tx } from '../db/transaction.ts';
import { parcelData } from '../db/outcomes.ts';

export interface ProcedureSettings {
  offices: OfficeDirectory;
  /** The standard period, in working days, and the length of its one extension. */
  confirmWorkingDays: number;
  /** Whether holders may see the consignee (only where the law allows it). */
  shareConsignee: boolean;
  /** The time, injectable so tests drive deadlines with a fake clock. */
  clock: () => Date;
}

/** A case changed between our read and our write: another node or request recorded a step first. */
class ConcurrentChange extends Error {}

/** One transaction that runs again (from its reads) when a case changed under it. */
export async function inCaseTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, work);
    } catch (err) {
      if (!(err instanceof ConcurrentChange) || attempt >= 5) throw err;
    }
  }
}

function viewOf(row: CaseRow): CaseView {
  return { id: row.id, applicationId: row.application_id, holderRef: row.holder_ref, operatorCode: row.operator_code, state: JSON.parse(row.state) as CaseState, notice: JSON.parse(row.notice) as CaseNotice };
}

/** Applies an event to a stored case and writes what it changed: the state, one audit entry per step, the messages. */
async function commitEvent(trx: Tx, row: CaseRow, event: CaseEvent) {
  const view = viewOf(row);
  const before = statusOf(view.state);
  const applied = applyCaseEvent(view.state, event);
  if (applied.steps.length) {
    if (!(await updateCase(trx, row.id, row.version, applied.state, event.at))) throw new ConcurrentChange();
    const after = statusOf(applied.state);
    for (const step of applied.steps) {
      await audit(trx, { actor: step.actor, action: `case.${step.step}`, entity: 'case', entityId: String(row.id), before: { status: before }, after: { status: after, at: step.at, ...step.details } });
    }
    await enqueue(trx, caseStepMessages({ ...view, state: applied.state }, before, applied.steps));
  }
  return { ...applied, view: { ...view, state: applied.state } };
}

export interface OutcomeContext {
  parcel: { id: number; itemId: string; manifestId: string; mode: string; operatorCode: string; destinationCountry: string; originCountry: string | null; applicationIds: string | null; data: Parcel };
  action: string;
  notifying: boolean;
  terminal: boolean;
  at: string;
  officer: string;
  /** How many outcomes the parcel had before this one: part of the messages' idempotency keys. */
  sequence: number;
}

/** Opens the cases a notifying action calls for: one per matched application that has none yet. */
async function openCases(trx: Tx, ctx: OutcomeContext, existing: readonly CaseRow[], settings: ProcedureSettings): Promise<CaseView[]> {
  const { parcel } = ctx;
  const have = new Set(existing.map((c) => c.application_id));
  const wanted = (parcel.applicationIds ?? '').split(',').filter((id) => id && !have.has(id));
  const applications = await applicationsByIds(trx, wanted);
  if (applications.length === 0) return [];
  const office = settings.offices.officeFor(parcel.destinationCountry);
  const small = isSmallConsignment({ mode: parcel.mode, items: parcel.data.items, grossWeightKg: parcel.data.grossWeightKg });
  const perishableByHs = parcel.data.items.some((i) => perishableGoods(i.hsCode) !== null);
  const evidence = await trademarkEvidence(trx, parcel.id);
  const at = new Date(ctx.at);
  const notices = new Map<string, CaseNotice>();
  const fresh = applications.map((app) => {
    const form = JSON.parse(app.data) as StoredApplicationForm;
    const perishable = perishableByHs || form.perishableGoods === true;
    const procedure = small && form.smallConsignmentProcedure === true ? ('small_consignment' as const) : ('standard' as const);
    const days = perishable ? PERISHABLE_WORKING_DAYS : procedure === 'small_consignment' ? SMALL_CONSIGNMENT_WORKING_DAYS : settings.confirmWorkingDays;
    const deadline = workingDayDeadline(office, { what: 'notification', at }, days);
    const notice: CaseNotice = {
      parcelId: parcel.id,
      parcelRef: parcel.itemId,
      manifestId: parcel.manifestId,
      place: parcel.destinationCountry,
      origin: parcel.originCountry,
      goods: parcel.data.items.map((i) => ({ description: i.description, quantity: i.quantity, hsCode: i.hsCode })),
      evidence: evidence.get(app.id) ?? [],
    };
    notices.set(app.id, notice);
    return { parcelId: parcel.id, applicationId: app.id, holderRef: app.holder_ref, operatorCode: parcel.operatorCode, officeCode: office.code, notice, state: openCase({ procedure, perishable, at: ctx.at, actor: ctx.officer, deadline }) };
  });
  await insertCases(trx, fresh);
  const opened = (await casesOfParcel(trx, parcel.id)).filter((c) => notices.has(c.application_id) && !have.has(c.application_id)).map(viewOf);
  for (const c of opened) {
    await audit(trx, { actor: ctx.officer, action: 'case.opened', entity: 'case', entityId: String(c.id), after: { status: statusOf(c.state), parcelId: parcel.id, applicationId: c.applicationId, procedure: c.state.procedure, perishable: c.state.perishable, deadline: c.state.deadline.due, rule: c.state.deadline.rule } });
  }
  return opened;
}

const earliest = (deadlines: readonly Deadline[]) => deadlines.reduce((a, b) => (Date.parse(b.passesAt) < Date.parse(a.passesAt) ? b : a));

/**
 * What an outcome does to the parcel's cases, inside the outcome's transaction: a detention,
 * suspension or seizure opens the missing cases and notifies the declarant (once) and each
 * standard case's holder at once — well within the one working day the law allows; an end
 * (released, destroyed, returned) closes them and tells the holders what became of the goods.
 */
export async function casesAfterOutcome(trx: Tx, ctx: OutcomeContext, settings: ProcedureSettings): Promise<{ messages: EventMessage[]; cases: CaseView[] }> {
  const messages: EventMessage[] = [];
  let rows = await casesOfParcel(trx, ctx.parcel.id);
  if (ctx.notifying) {
    const opened = await openCases(trx, ctx, rows, settings);
    if (opened.length) {
      rows = await casesOfParcel(trx, ctx.parcel.id);
      messages.push(detentionNoticeMessage({ operatorCode: ctx.parcel.operatorCode, action: ctx.action, at: ctx.at, deadline: earliest(opened.map((c) => c.state.deadline)), notice: opened[0]!.notice, caseIds: opened.map((c) => c.id) }));
    }
    const consignee = settings.shareConsignee ? ctx.parcel.data.consignee : undefined;
    for (const c of rows.map(viewOf)) {
      // Small consignments go ahead without the holder: it hears of an objection, and of the end.
      if (c.state.closed || c.state.procedure !== 'standard') continue;
      messages.push(caseActionMessage(c, { action: ctx.action, at: ctx.at, sequence: ctx.sequence, consignee }));
    }
  }
  if (ctx.terminal) {
    for (const row of rows) await commitEvent(trx, row, { type: 'outcome', at: ctx.at, actor: ctx.officer, action: ctx.action, terminal: true });
    rows = await casesOfParcel(trx, ctx.parcel.id);
  }
  await setParcelDeadline(trx, ctx.parcel.id);
  return { messages, cases: rows.map(viewOf) };
}

/** Whether the parcel may be destroyed now; deadlines that passed are recorded first. */
export async function destructionVerdictFor(trx: Tx, parcelId: number, at: string): Promise<DestructionVerdict> {
  const states = [];
  for (const row of await casesOfParcel(trx, parcelId)) {
    const { view } = await commitEvent(trx, row, { type: 'deadline_check', at });
    states.push({ id: view.id, applicationId: view.applicationId, state: view.state });
  }
  return destructionVerdict(states);
}

export type CaseAnswer<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'refused'; refusal: CaseRefusal };

export interface CaseDetailOptions {
  /** A rights holder reads: actors are shown by role only, the consignee only where lawful. */
  forHolder: boolean;
  consignee?: unknown;
}

const roleOf = (actor: string) => actor.split(':')[0]!;

/** A case as the API shows it, at `now` (a deadline that passed shows as passed, recorded or not). */
export function caseDetail(view: CaseView, now: Date, options: CaseDetailOptions) {
  const s = applyCaseEvent(view.state, { type: 'deadline_check', at: now.toISOString() }).state;
  const block = destructionBlock(s);
  return {
    id: view.id,
    parcelRef: view.notice.parcelRef,
    ...(options.forHolder ? {} : { parcelId: view.notice.parcelId, operator: view.operatorCode, holderRef: view.holderRef }),
    applicationId: view.applicationId,
    status: statusOf(s),
    procedure: s.procedure,
    perishable: s.perishable,
    notifiedAt: s.notifiedAt,
    deadline: { ...deadlineView(s.deadline), passed: now.getTime() >= Date.parse(s.deadline.passesAt) },
    extended: s.extended,
    holder: s.holder,
    declarant: s.declarant,
    proceedings: s.proceedings,
    releaseDue: statusOf(s) === 'release_due' ? { since: s.releaseDue?.since ?? s.holder.answeredAt, why: releaseDueReason(s) } : null,
    closed: s.closed,
    awaiting: awaiting(s),
    destruction: block ? { allowed: false, code: block.code, reason: block.message } : { allowed: true },
    place: view.notice.place,
    origin: view.notice.origin,
    goods: view.notice.goods,
    evidence: view.notice.evidence,
    ...(options.consignee !== undefined ? { consignee: options.consignee } : {}),
    steps: s.steps.map((step) => (options.forHolder ? { ...step, actor: roleOf(step.actor) } : step)),
  };
}
export type CaseDetail = ReturnType<typeof caseDetail>;

async function consigneeOf(executor: Executor, parcelId: number): Promise<unknown> {
  const data = await parcelData(executor, parcelId);
  return data ? (JSON.parse(data) as Parcel).consignee : undefined;
}

/** One case: a holder's own only (`holderScope`), anyone's for customs and admin (null). */
export async function getCase(db: Db, id: number, holderScope: string | null, settings: ProcedureSettings): Promise<CaseDetail | null> {
  const row = await findCase(db.kysely, id, holderScope);
  if (!row) return null;
  const forHolder = holderScope !== null;
  const consignee = !forHolder || settings.shareConsignee ? await consigneeOf(db.kysely, row.parcel_id) : undefined;
  return caseDetail(viewOf(row), settings.clock(), { forHolder, consignee });
}

export async function listCasesFor(db: Db, holderScope: string | null, filter: CaseFilter, settings: ProcedureSettings) {
  const now = settings.clock();
  const rows = await listCases(db, holderScope, filter, now.toISOString());
  return rows.map((row) => caseDetail(viewOf(row), now, { forHolder: holderScope !== null }));
}

/** The rights holder's answer on its case (`holderScope`: its own only). */
export async function answerAsHolder(db: Db, caseId: number, holderScope: string | null, answer: HolderAnswer, actor: string, settings: ProcedureSettings): Promise<CaseAnswer<CaseDetail>> {
  return inCaseTransaction(db, async (trx) => {
    const row = await findCase(trx, caseId, holderScope);
    if (!row) return { ok: false, reason: 'not_found' } as const;
    const now = settings.clock();
    const state = JSON.parse(row.state) as CaseState;
    const office = settings.offices.byCode(row.office_code);
    const extendedDeadline = answer.extension
      ? extendDeadline(office, state.deadline, state.deadline.workingDays, `at the rights holder's request of ${localDate(office.timeZone, now)}`)
      : undefined;
    const applied = await commitEvent(trx, row, { type: 'holder_response', at: now.toISOString(), actor, answer, ...(extendedDeadline ? { extendedDeadline } : {}) });
    if (applied.refusal) return { ok: false, reason: 'refused', refusal: applied.refusal } as const;
    if (applied.steps.some((s) => s.step === 'extension')) await setParcelDeadline(trx, row.parcel_id);
    const consignee = holderScope === null || settings.shareConsignee ? await consigneeOf(trx, row.parcel_id) : undefined;
    return { ok: true, value: caseDetail(applied.view, now, { forHolder: holderScope !== null, consignee }) } as const;
  });
}

export type DeclarantResult = CaseAnswer<{ itemId: string; answer: DeclarantAnswer; at: string; cases: { status: string; deadline: ReturnType<typeof deadlineView>; awaiting: string[] }[] }>;

/** The declarant's answer (through its operator) on every open case of a parcel of its own. */
export async function answerAsDeclarant(
  db: Db,
  parcelRef: { manifestId: string; itemId: string; operatorCode: string },
  answer: { answer: DeclarantAnswer; reason?: string },
  actor: string,
  settings: ProcedureSettings,
): Promise<DeclarantResult> {
  return inCaseTransaction(db, async (trx) => {
    const parcel = await parcelByItem(trx, parcelRef.manifestId, parcelRef.itemId, parcelRef.operatorCode);
    if (!parcel) return { ok: false, reason: 'not_found' } as const;
    const rows = await casesOfParcel(trx, parcel.id);
    if (rows.length === 0) {
      const refusal: CaseRefusal = { code: 'no_case', message: 'no case awaits an answer on this parcel: it was not detained under a rights holder’s application', awaiting: [] };
      return { ok: false, reason: 'refused', refusal } as const;
    }
    const now = settings.clock();
    const refusals: CaseRefusal[] = [];
    const states: CaseState[] = [];
    for (const row of rows) {
      const office = settings.offices.byCode(row.office_code);
      const small = row.procedure === 'small_consignment';
      const proceedingsDeadline = small && answer.answer === 'objects' ? workingDayDeadline(office, { what: 'the objection', at: now }, SMALL_CONSIGNMENT_WORKING_DAYS) : undefined;
      const applied = await commitEvent(trx, row, { type: 'declarant_response', at: now.toISOString(), actor, answer: answer.answer, ...(answer.reason ? { reason: answer.reason } : {}), ...(proceedingsDeadline ? { proceedingsDeadline } : {}) });
      if (applied.refusal) refusals.push(applied.refusal);
      else states.push(applied.state);
    }
    if (states.length === 0) return { ok: false, reason: 'refused', refusal: refusals[0]! } as const;
    await setParcelDeadline(trx, parcel.id);
    // The declarant learns where each case stands, not whose cases they are.
    return {
      ok: true,
      value: { itemId: parcelRef.itemId, answer: answer.answer, at: now.toISOString(), cases: states.map((s) => ({ status: statusOf(s), deadline: deadlineView(s.deadline), awaiting: awaiting(s) })) },
    } as const;
  });
}

/** The procedure of one parcel for the customs case file: its cases, whether it may be destroyed, whether release is due. */
export async function procedureOfParcel(db: Db, parcelId: number, settings: ProcedureSettings) {
  const now = settings.clock();
  const views = (await casesOfParcel(db.kysely, parcelId)).map(viewOf);
  const current = views.map((v) => ({ ...v, state: applyCaseEvent(v.state, { type: 'deadline_check', at: now.toISOString() }).state }));
  return {
    cases: current.map((v) => caseDetail(v, now, { forHolder: false })),
    destruction: destructionVerdict(current.map((v) => ({ id: v.id, applicationId: v.applicationId, state: v.state }))),
    releaseDue: releaseDueForParcel(current.map((v) => v.state)),
  };
}

/**
 * Records the deadlines that passed by now with nobody acting (deemed agreement, release due),
 * each in its own transaction; a case another node recorded first is skipped. Returns how many
 * this call recorded.
 */
export async function recordPassedDeadlines(db: Db, settings: ProcedureSettings, batch = 200): Promise<number> {
  let recorded = 0;
  for (;;) {
    const now = settings.clock().toISOString();
    const due = await casesPastDeadline(db, now, batch);
    const before = recorded;
    for (const candidate of due) {
      try {
        const done = await inTransaction(db, async (trx) => {
          const row = await findCase(trx, candidate.id, null);
          if (!row || row.version !== candidate.version) return false;
          return (await commitEvent(trx, row, { type: 'deadline_check', at: now })).steps.length > 0;
        });
        if (done) recorded++;
      } catch (err) {
        if (!(err instanceof ConcurrentChange)) throw err;
      }
    }
    // A full batch that another node recorded entirely: the next query finds the rest, or nothing.
    if (due.length < batch || recorded === before) return recorded;
  }
}
