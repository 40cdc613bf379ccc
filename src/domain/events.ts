/**
 * What the service tells operators and rights holders about screening decisions, customs
 * outcomes, cases and applications, and who it says did what: owner and actor formats, event
 * names, operator instructions, payload builders and idempotency keys, in one file so a consumer
 * reads one place. Messages are written to the outbox in the transaction of the change they report.
 */
import type { Deadline } from './calendar.ts';
import { awaiting, releaseDueReason, statusOf, type CaseState, type CaseStep, type CaseStatus } from './case-procedure.ts';
import type { Decision } from './decision.ts';

export interface EventMessage {
  /** `holder:<ref>` or `operator:<code>`. */
  owner: string;
  event: string;
  payload: unknown;
  /** Stable per fact: a retried transaction or a second node never makes two messages of one fact. */
  idempotencyKey: string;
}

export const holderOwner = (holderRef: string) => `holder:${holderRef}`;
export const operatorOwner = (operatorCode: string) => `operator:${operatorCode}`;

/** Who did something (audit trail, stored records): see actors.ts, a leaf the case procedure reads too. */
export { ACTORS } from './actors.ts';

export const EVENTS = {
  /** To the operator: a decision a re-screen changed, parcel by parcel. */
  parcelDecision: 'parcel.decision',
  /** To the operator: first decisions of a batch, one message per decision with the item ids. */
  parcelsDecided: (decision: Decision) => (decision === 'hold' ? 'parcels.hold' : decision === 'review' ? 'parcels.review' : 'parcels.released'),
  /** To the operator: every customs outcome, with what to do with the parcel. */
  parcelOutcome: 'parcel.outcome',
  /** To the operator (the declarant): a case was opened; answer by the deadline. */
  detentionNotice: 'parcel.detention_notice',
  /** To the operator: the rights holder's period, and so the declarant's, was extended. */
  deadlineExtended: 'parcel.deadline_extended',
  /** To the holder: `case.detained`, `case.suspended`, `case.seized`, with evidence and deadline. */
  caseAction: (action: string) => `case.${action}`,
  caseObjected: 'case.objected',
  caseDestructionAgreed: 'case.destruction_agreed',
  caseReleaseDue: 'case.release_due',
  caseClosed: 'case.closed',
  applicationAccepted: 'application.accepted',
  applicationRejected: 'application.rejected',
  applicationExpiring: 'application.expiring',
  applicationExpired: 'application.expired',
} as const;

/** The operator's instruction after a screening decision. */
export const DECISION_INSTRUCTIONS: Readonly<Record<Decision, string>> = { hold: 'do not deliver', review: 'await customs', release: 'may be delivered' };

/** The operator's instruction after an outcome. */
export function instructionFor(action: string): string {
  if (action === 'released') return 'may be delivered';
  if (action === 'destroyed') return 'destroyed under customs supervision: will not be delivered';
  if (action === 'returned') return 'return to sender';
  return 'do not deliver';
}

export interface GoodsLine {
  description: string;
  quantity: number;
  hsCode: string;
}

/** One piece of trademark evidence: the mark, and where in the declared text it was matched. */
export interface TrademarkEvidence {
  mark: string | undefined;
  field: string;
  matched: string;
  start: number;
  end: number;
  similarity?: number | undefined;
  note: string;
}

/** What the case was opened on, kept as the holder was told it. */
export interface CaseNotice {
  parcelId: number;
  parcelRef: string;
  manifestId: string;
  place: string;
  origin: string | null;
  goods: GoodsLine[];
  evidence: TrademarkEvidence[];
}

export interface CaseView {
  id: number;
  applicationId: string;
  holderRef: string;
  operatorCode: string;
  state: CaseState;
  notice: CaseNotice;
}

export const deadlineView = (d: Deadline) => ({ due: d.due, rule: d.rule, passesAt: d.passesAt });

export const holderAnswerUrl = (caseId: number) => `/v1/cases/${caseId}/holder-response`;
export const declarantAnswerUrl = (notice: Pick<CaseNotice, 'manifestId' | 'parcelRef'>) => `/v1/manifests/${notice.manifestId}/parcels/${notice.parcelRef}/declarant-response`;

/** To the operator, when a re-screen changes a parcel's decision. */
export function decisionChangedMessage(p: { operatorCode: string; parcelId: number; itemId: string; revision: number; previousDecision: Decision | null }, decision: Decision, version: number, at: string): EventMessage {
  return {
    owner: operatorOwner(p.operatorCode),
    event: EVENTS.parcelDecision,
    payload: { itemId: p.itemId, parcelId: p.parcelId, decision, previousDecision: p.previousDecision, instruction: DECISION_INSTRUCTIONS[decision], at },
    idempotencyKey: `decision:${p.parcelId}:${p.revision}:${version}:${decision}`,
  };
}

/** To the operator: the first decisions of one batch that came to `decision`, together (`parcels` in id order). */
export function firstDecisionsMessage(operatorCode: string, decision: Decision, parcels: readonly { id: number; itemId: string }[], version: number, at: string): EventMessage {
  return {
    owner: operatorOwner(operatorCode),
    event: EVENTS.parcelsDecided(decision),
    payload: { itemIds: parcels.map((p) => p.itemId), decision, instruction: DECISION_INSTRUCTIONS[decision], at },
    idempotencyKey: `decided:${version}:${decision}:${parcels[0]!.id}:${parcels.length}:${operatorCode}`,
  };
}

export function parcelOutcomeMessage(p: { operatorCode: string; parcelId: number; itemId: string; action: string; at: string; sequence: number }): EventMessage {
  return {
    owner: operatorOwner(p.operatorCode),
    event: EVENTS.parcelOutcome,
    payload: { itemId: p.itemId, parcelId: p.parcelId, outcome: p.action, instruction: instructionFor(p.action), at: p.at },
    idempotencyKey: `outcome:${p.parcelId}:${p.sequence}:${p.action}:operator`,
  };
}

/** To the declarant, once per parcel when its cases open: the parcel, the deadline (the earliest of its cases), where to answer. */
export function detentionNoticeMessage(c: { operatorCode: string; action: string; at: string; deadline: Deadline; notice: CaseNotice; caseIds: readonly number[] }): EventMessage {
  return {
    owner: operatorOwner(c.operatorCode),
    event: EVENTS.detentionNotice,
    payload: {
      parcelId: c.notice.parcelId,
      itemId: c.notice.parcelRef,
      manifestId: c.notice.manifestId,
      action: c.action,
      at: c.at,
      goods: c.notice.goods,
      deadline: deadlineView(c.deadline),
      answers: ['agrees', 'objects'],
      answerUrl: declarantAnswerUrl(c.notice),
    },
    // Per set of cases opened: a later seizure under an application matched since is notified too.
    idempotencyKey: `detention:${c.notice.parcelId}:${c.caseIds.join(',')}:declarant`,
  };
}

/**
 * To the holder, on each detention, suspension or seizure of a parcel under its case: the case,
 * the evidence, the deadline; the consignee only where the law allows it (`consignee` given).
 */
export function caseActionMessage(c: CaseView, p: { action: string; at: string; sequence: number; consignee?: unknown }): EventMessage {
  const s = c.state;
  return {
    owner: holderOwner(c.holderRef),
    event: EVENTS.caseAction(p.action),
    payload: {
      caseId: c.id,
      parcelRef: c.notice.parcelRef,
      applicationId: c.applicationId,
      action: p.action,
      date: p.at,
      place: c.notice.place,
      origin: c.notice.origin,
      goods: c.notice.goods,
      evidence: c.notice.evidence,
      procedure: s.procedure,
      perishable: s.perishable,
      status: statusOf(s),
      deadline: deadlineView(s.deadline),
      confirmBy: s.deadline.due,
      answerUrl: holderAnswerUrl(c.id),
      ...(p.consignee !== undefined ? { consignee: p.consignee } : {}),
    },
    idempotencyKey: `outcome:${c.notice.parcelId}:${p.sequence}:${p.action}:${c.applicationId}`,
  };
}

/**
 * The messages a case's new steps call for: the holder hears of an objection, of destruction
 * agreed (deemed or not; standard procedure only), of release due and of the end of the case
 * (with the quantity and nature of the goods); the declarant hears of an extension.
 */
export function caseStepMessages(c: CaseView, before: CaseStatus, steps: readonly CaseStep[]): EventMessage[] {
  const s = c.state;
  const after = statusOf(s);
  const holder = holderOwner(c.holderRef);
  const base = { caseId: c.id, parcelRef: c.notice.parcelRef, applicationId: c.applicationId };
  const key = (what: string, step: CaseStep) => `case:${c.id}:${what}:${step.at}`;
  const messages: EventMessage[] = [];
  for (const step of steps) {
    if (step.step === 'declarant_response' && step.details.answer === 'objects') {
      messages.push({
        owner: holder,
        event: EVENTS.caseObjected,
        payload: { ...base, at: step.at, reason: step.details.reason ?? null, goods: c.notice.goods, procedure: s.procedure, deadline: deadlineView(s.deadline), awaiting: awaiting(s), answerUrl: holderAnswerUrl(c.id) },
        idempotencyKey: key('objected', step),
      });
    }
    if (step.step === 'extension') {
      messages.push({
        owner: operatorOwner(c.operatorCode),
        event: EVENTS.deadlineExtended,
        payload: { parcelId: c.notice.parcelId, itemId: c.notice.parcelRef, at: step.at, deadline: deadlineView(s.deadline), answerUrl: declarantAnswerUrl(c.notice) },
        idempotencyKey: key('extended', step),
      });
    }
    if (step.step === 'closed') {
      messages.push({
        owner: holder,
        event: EVENTS.caseClosed,
        payload: { ...base, at: step.at, outcome: s.closed?.outcome, goods: c.notice.goods },
        idempotencyKey: key('closed', step),
      });
    }
  }
  const last = steps.at(-1);
  // A small consignment goes ahead without its holder, who hears of it afterwards (`case.closed`).
  if (last && before !== after && after === 'destruction_agreed' && s.procedure === 'standard') {
    messages.push({
      owner: holder,
      event: EVENTS.caseDestructionAgreed,
      payload: { ...base, at: last.at, deemed: s.declarant?.deemed ?? false, declarantAnsweredAt: s.declarant?.at ?? null },
      idempotencyKey: key('destruction_agreed', last),
    });
  }
  if (last && before !== after && after === 'release_due') {
    messages.push({
      owner: holder,
      event: EVENTS.caseReleaseDue,
      payload: { ...base, at: last.at, why: releaseDueReason(s) },
      idempotencyKey: key('release_due', last),
    });
  }
  return messages;
}

export function applicationDecidedMessage(a: { id: string; holderRef: string; at: string } & ({ status: 'accepted'; validFrom: string; validUntil: string; note: string | null } | { status: 'rejected'; reason: string })): EventMessage {
  const { holderRef, id, ...decided } = a;
  return {
    owner: holderOwner(holderRef),
    event: a.status === 'accepted' ? EVENTS.applicationAccepted : EVENTS.applicationRejected,
    payload: { applicationId: id, ...decided },
    idempotencyKey: `application:${a.id}:${a.status}:${a.at}`,
  };
}

/** `expiring`: 30 days or less before the end of validity; `expired`: from the day it ends. Once per end of validity. */
export function applicationExpiryMessage(a: { id: string; holderRef: string; validUntil: string; kind: 'expiring' | 'expired'; today: string }): EventMessage {
  const daysLeft = Math.round((Date.parse(`${a.validUntil}T00:00:00Z`) - Date.parse(`${a.today}T00:00:00Z`)) / 86_400_000);
  return {
    owner: holderOwner(a.holderRef),
    event: a.kind === 'expiring' ? EVENTS.applicationExpiring : EVENTS.applicationExpired,
    payload: { applicationId: a.id, validUntil: a.validUntil, ...(a.kind === 'expiring' ? { daysLeft, renewUrl: `/v1/applications/${a.id}/renewals` } : {}) },
    idempotencyKey: `application:${a.id}:${a.kind}:${a.validUntil}`,
  };
}
