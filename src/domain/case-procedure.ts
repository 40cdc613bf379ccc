/**
 * The procedure after customs detain or suspend a parcel under a rights holder's application,
 * as a pure state machine (modelled on EU Regulation 608/2013, arts. 23 and 26).
 *
 * A case holds facts (answers, deadline, proceedings) and its status is derived from them:
 *
 * - standard: the holder confirms the infringement and agrees to destruction, and the declarant
 *   agrees or stays silent until the deadline (deemed agreement) → destruction agreed. The
 *   declarant objects, or the holder confirms but does not agree → awaiting proceedings, which
 *   the holder records (`proceedings_started`) by the deadline. The holder does not confirm in
 *   time, or denies the infringement, or no proceedings by the deadline → release due.
 * - small consignment (the application opted in, the parcel is small): the holder is not asked;
 *   the declarant agrees or stays silent → destruction agreed; an objection gives the holder a
 *   new period to start proceedings.
 *
 * The deadline passing is recorded as a fact the first time anyone looks after it passed (the
 * background watcher, or any answer or outcome), with the time it passed, not the time it was seen.
 */
import { hasPassed, type Deadline } from './calendar.ts';
import { ACTORS } from './actors.ts';

export const CASE_STATUSES = ['awaiting_holder', 'awaiting_declarant', 'awaiting_proceedings', 'destruction_agreed', 'proceedings_started', 'release_due', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which the deadline passing changes something: the background watcher looks at these. */
export const DEADLINE_BOUND: readonly CaseStatus[] = ['awaiting_holder', 'awaiting_declarant', 'awaiting_proceedings'];

export const PROCEDURES = ['standard', 'small_consignment'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const HOLDER_REQUESTS = ['sample', 'images'] as const;
export type HolderRequest = (typeof HOLDER_REQUESTS)[number];

export const DECLARANT_ANSWERS = ['agrees', 'objects'] as const;
export type DeclarantAnswer = (typeof DECLARANT_ANSWERS)[number];

/** Why an answer or a destruction is refused: the closed list the API answers with (409). */
export const CASE_REFUSALS = [
  'no_case',
  'case_closed',
  'deadline_passed',
  'already_answered',
  'not_confirmed',
  'extension_refused',
  'release_due',
  'destruction_not_agreed',
  'destruction_objected',
] as const;
export type CaseRefusalCode = (typeof CASE_REFUSALS)[number];

export interface CaseRefusal {
  code: CaseRefusalCode;
  message: string;
  /** What is still awaited before the refused step could happen, in words. */
  awaiting: string[];
}

export const CASE_STEPS = ['opened', 'holder_response', 'extension', 'proceedings_started', 'declarant_response', 'deemed_agreement', 'release_due', 'closed'] as const;
export type CaseStepName = (typeof CASE_STEPS)[number];

export interface CaseStep {
  at: string;
  actor: string;
  step: CaseStepName;
  details: Record<string, unknown>;
}

export interface CaseState {
  procedure: Procedure;
  perishable: boolean;
  /** When the parties were notified: the period runs from here. */
  notifiedAt: string;
  deadline: Deadline;
  extended: boolean;
  holder: {
    confirmsInfringement: boolean | null;
    agreesToDestruction: boolean | null;
    answeredAt: string | null;
    requests: { what: HolderRequest; at: string }[];
    evidence: { text: string; at: string }[];
  };
  declarant: { answer: DeclarantAnswer; reason: string | null; at: string; deemed: boolean } | null;
  proceedings: { reference: string; at: string } | null;
  /** Set when a deadline passed with the case still waiting for the holder or for proceedings. */
  releaseDue: { since: string; why: string } | null;
  closed: { outcome: string; at: string } | null;
  steps: CaseStep[];
}

export interface HolderAnswer {
  confirmsInfringement?: boolean;
  agreesToDestruction?: boolean;
  requests?: HolderRequest[];
  extension?: boolean;
  evidence?: string;
  proceedingsReference?: string;
}

export type CaseEvent =
  /** `extendedDeadline`: the deadline an extension would give, computed by the caller's calendar. */
  | { type: 'holder_response'; at: string; actor: string; answer: HolderAnswer; extendedDeadline?: Deadline }
  /** `proceedingsDeadline`: in the small-consignment procedure, the holder's period after an objection. */
  | { type: 'declarant_response'; at: string; actor: string; answer: DeclarantAnswer; reason?: string; proceedingsDeadline?: Deadline }
  | { type: 'deadline_check'; at: string }
  /** A customs outcome on the parcel: a terminal one closes the case. */
  | { type: 'outcome'; at: string; actor: string; action: string; terminal: boolean };

export interface Applied {
  state: CaseState;
  /** The steps this event added (to audit and to notify), the deadline's passage included. */
  steps: CaseStep[];
  refusal?: CaseRefusal;
}

/** Who records what the clock decides. */
export const DEADLINE_ACTOR = ACTORS.system('deadlines');

export function openCase(input: { procedure: Procedure; perishable: boolean; at: string; actor: string; deadline: Deadline }): CaseState {
  return {
    procedure: input.procedure,
    perishable: input.perishable,
    notifiedAt: input.at,
    deadline: input.deadline,
    extended: false,
    holder: { confirmsInfringement: null, agreesToDestruction: null, answeredAt: null, requests: [], evidence: [] },
    declarant: null,
    proceedings: null,
    releaseDue: null,
    closed: null,
    steps: [{ at: input.at, actor: input.actor, step: 'opened', details: { procedure: input.procedure, perishable: input.perishable, deadline: input.deadline.due, rule: input.deadline.rule } }],
  };
}

export function statusOf(s: CaseState): CaseStatus {
  if (s.closed) return 'closed';
  if (s.proceedings) return 'proceedings_started';
  if (s.releaseDue || s.holder.confirmsInfringement === false) return 'release_due';
  const contested = s.declarant?.answer === 'objects' || (s.procedure === 'standard' && s.holder.agreesToDestruction === false);
  if (contested) return 'awaiting_proceedings';
  const holderReady = s.procedure === 'small_consignment' || (s.holder.confirmsInfringement === true && s.holder.agreesToDestruction === true);
  if (!holderReady) return 'awaiting_holder';
  return s.declarant?.answer === 'agrees' ? 'destruction_agreed' : 'awaiting_declarant';
}

/** Why release is due, in words (null when it is not). */
export function releaseDueReason(s: CaseState): string | null {
  if (statusOf(s) !== 'release_due') return null;
  if (s.releaseDue) return s.releaseDue.why;
  return 'the rights holder does not confirm an infringement';
}

const byDue = (s: CaseState) => `by ${s.deadline.due}`;

/** What the case still waits for, in words. */
export function awaiting(s: CaseState): string[] {
  switch (statusOf(s)) {
    case 'awaiting_holder': {
      const wanted: string[] = [];
      if (s.holder.confirmsInfringement !== true) wanted.push(`the rights holder's confirmation of the infringement ${byDue(s)}`);
      if (s.holder.agreesToDestruction !== true) wanted.push(`the rights holder's agreement to destruction ${byDue(s)}`);
      if (!s.declarant) wanted.push(`the declarant's agreement, or its silence until ${s.deadline.due}`);
      return wanted;
    }
    case 'awaiting_declarant':
      return [`the declarant's agreement, or its silence until ${s.deadline.due}`];
    case 'awaiting_proceedings':
      return [`proceedings started by the rights holder ${byDue(s)}`];
    default:
      return [];
  }
}

/** Why destruction may not proceed under this case, or null when it may. */
export function destructionBlock(s: CaseState): CaseRefusal | null {
  const status = statusOf(s);
  if (status === 'destruction_agreed' || status === 'proceedings_started') return null;
  if (status === 'awaiting_proceedings') {
    const who = s.declarant?.answer === 'objects' ? `the declarant objected (${s.declarant.reason ?? 'no reason given'})` : 'the rights holder did not agree to destruction';
    return { code: 'destruction_objected', message: `${who}: destruction needs proceedings started by the rights holder`, awaiting: awaiting(s) };
  }
  if (status === 'release_due') return { code: 'release_due', message: `release is due: ${releaseDueReason(s)}`, awaiting: [] };
  if (status === 'closed') return { code: 'case_closed', message: `the case is closed (${s.closed!.outcome})`, awaiting: [] };
  return { code: 'destruction_not_agreed', message: 'destruction is not agreed yet', awaiting: awaiting(s) };
}

function refuse(state: CaseState, steps: CaseStep[], code: CaseRefusalCode, message: string): Applied {
  return { state, steps, refusal: { code, message, awaiting: awaiting(state) } };
}

/** Records the deadline's passage if it passed by `at` while it still mattered. */
function catchUp(s: CaseState, at: string): Applied {
  const status = statusOf(s);
  if (!DEADLINE_BOUND.includes(status) || !hasPassed(s.deadline, new Date(at))) return { state: s, steps: [] };
  const passed = s.deadline.passesAt;
  const details = { deadline: s.deadline.due, rule: s.deadline.rule, recordedAt: at };
  if (status === 'awaiting_declarant') {
    const step: CaseStep = { at: passed, actor: DEADLINE_ACTOR, step: 'deemed_agreement', details };
    return { state: { ...s, declarant: { answer: 'agrees', reason: null, at: passed, deemed: true }, steps: [...s.steps, step] }, steps: [step] };
  }
  const why =
    status === 'awaiting_holder'
      ? `the rights holder did not confirm the infringement and agree to destruction by ${s.deadline.due}`
      : `no proceedings were started by ${s.deadline.due}`;
  const step: CaseStep = { at: passed, actor: DEADLINE_ACTOR, step: 'release_due', details: { ...details, why } };
  return { state: { ...s, releaseDue: { since: passed, why }, steps: [...s.steps, step] }, steps: [step] };
}

function answerAsHolder(s: CaseState, caught: CaseStep[], e: Extract<CaseEvent, { type: 'holder_response' }>): Applied {
  const a = e.answer;
  const status = statusOf(s);
  if (status === 'closed') return refuse(s, caught, 'case_closed', `the case is closed (${s.closed!.outcome})`);
  if (hasPassed(s.deadline, new Date(e.at)) && status !== 'proceedings_started') {
    return refuse(s, caught, 'deadline_passed', `the deadline passed at ${s.deadline.due}${status === 'release_due' ? '; release is due' : ''}`);
  }
  if (status === 'release_due') return refuse(s, caught, 'release_due', `release is due: ${releaseDueReason(s)}`);
  const h = s.holder;
  if (a.confirmsInfringement !== undefined && h.confirmsInfringement !== null && a.confirmsInfringement !== h.confirmsInfringement) {
    return refuse(s, caught, 'already_answered', `the infringement was already ${h.confirmsInfringement ? 'confirmed' : 'denied'}`);
  }
  if (a.agreesToDestruction !== undefined && h.agreesToDestruction !== null && a.agreesToDestruction !== h.agreesToDestruction) {
    return refuse(s, caught, 'already_answered', `destruction was already ${h.agreesToDestruction ? 'agreed to' : 'refused'}`);
  }
  const confirms = a.confirmsInfringement ?? h.confirmsInfringement;
  if (a.agreesToDestruction === true && confirms !== true) return refuse(s, caught, 'not_confirmed', 'agreeing to destruction needs the infringement confirmed');
  if (a.proceedingsReference !== undefined) {
    if (confirms !== true) return refuse(s, caught, 'not_confirmed', 'proceedings need the infringement confirmed');
    if (s.proceedings) return refuse(s, caught, 'already_answered', `proceedings were already recorded (${s.proceedings.reference})`);
  }
  if (a.extension) {
    if (s.procedure === 'small_consignment') return refuse(s, caught, 'extension_refused', 'the small-consignment procedure has no extension');
    if (s.perishable) return refuse(s, caught, 'extension_refused', 'the period for perishable goods cannot be extended');
    if (s.extended) return refuse(s, caught, 'extension_refused', 'the period was already extended once');
    if (!e.extendedDeadline) throw new Error('an extension needs the extended deadline');
  }

  const steps: CaseStep[] = [];
  const { extension: _extension, proceedingsReference: _proceedings, ...answered } = a;
  let next: CaseState = {
    ...s,
    holder: {
      confirmsInfringement: confirms,
      agreesToDestruction: a.agreesToDestruction ?? h.agreesToDestruction,
      // When the holder first took a position; repeating it later changes nothing.
      answeredAt: h.answeredAt ?? (a.confirmsInfringement !== undefined || a.agreesToDestruction !== undefined ? e.at : null),
      requests: [...h.requests, ...(a.requests ?? []).map((what) => ({ what, at: e.at }))],
      evidence: a.evidence ? [...h.evidence, { text: a.evidence, at: e.at }] : h.evidence,
    },
  };
  if (Object.keys(answered).length) steps.push({ at: e.at, actor: e.actor, step: 'holder_response', details: answered });
  if (a.extension && e.extendedDeadline) {
    steps.push({ at: e.at, actor: e.actor, step: 'extension', details: { previous: s.deadline.due, deadline: e.extendedDeadline.due, rule: e.extendedDeadline.rule } });
    next = { ...next, deadline: e.extendedDeadline, extended: true };
  }
  if (a.proceedingsReference !== undefined) {
    steps.push({ at: e.at, actor: e.actor, step: 'proceedings_started', details: { reference: a.proceedingsReference } });
    next = { ...next, proceedings: { reference: a.proceedingsReference, at: e.at } };
  }
  return { state: { ...next, steps: [...next.steps, ...steps] }, steps: [...caught, ...steps] };
}

function answerAsDeclarant(s: CaseState, caught: CaseStep[], e: Extract<CaseEvent, { type: 'declarant_response' }>): Applied {
  const status = statusOf(s);
  if (status === 'closed') return refuse(s, caught, 'case_closed', `the case is closed (${s.closed!.outcome})`);
  if (s.declarant?.deemed) return refuse(s, caught, 'deadline_passed', `the deadline passed at ${s.deadline.due}: silence counted as agreement`);
  if (s.declarant) return refuse(s, caught, 'already_answered', `the declarant already ${s.declarant.answer === 'agrees' ? 'agreed' : 'objected'}`);
  if (hasPassed(s.deadline, new Date(e.at))) return refuse(s, caught, 'deadline_passed', `the deadline passed at ${s.deadline.due}`);
  if (status === 'release_due') return refuse(s, caught, 'release_due', `release is due: ${releaseDueReason(s)}`);
  const step: CaseStep = { at: e.at, actor: e.actor, step: 'declarant_response', details: { answer: e.answer, ...(e.reason ? { reason: e.reason } : {}) } };
  let next: CaseState = { ...s, declarant: { answer: e.answer, reason: e.reason ?? null, at: e.at, deemed: false } };
  // Small consignments: after an objection the holder, not asked before, gets its own period to go to court (art. 26(9)).
  if (e.answer === 'objects' && s.procedure === 'small_consignment' && !s.proceedings) {
    if (!e.proceedingsDeadline) throw new Error('an objection in the small-consignment procedure needs the proceedings deadline');
    step.details.deadline = e.proceedingsDeadline.due;
    step.details.rule = e.proceedingsDeadline.rule;
    next = { ...next, deadline: e.proceedingsDeadline };
  }
  return { state: { ...next, steps: [...next.steps, step] }, steps: [...caught, step] };
}

/** Applies an event at its time: the deadline's passage first, then the event, or a refusal that changes nothing else. */
export function applyCaseEvent(s: CaseState, e: CaseEvent): Applied {
  const caught = catchUp(s, e.at);
  const state = caught.state;
  switch (e.type) {
    case 'deadline_check':
      return caught;
    case 'holder_response':
      return answerAsHolder(state, caught.steps, e);
    case 'declarant_response':
      return answerAsDeclarant(state, caught.steps, e);
    case 'outcome': {
      if (!e.terminal || state.closed) return caught;
      const step: CaseStep = { at: e.at, actor: e.actor, step: 'closed', details: { outcome: e.action, statusBefore: statusOf(state) } };
      return { state: { ...state, closed: { outcome: e.action, at: e.at }, steps: [...state.steps, step] }, steps: [...caught.steps, step] };
    }
  }
}

export interface CaseVerdictInput {
  id: number;
  applicationId: string;
  state: CaseState;
}

export type DestructionVerdict =
  | { allowed: true; by: number[] }
  | { allowed: false; refusal: CaseRefusal; cases: { id: number; applicationId: string; status: CaseStatus; refusal: CaseRefusal }[] };

/**
 * Whether a parcel may be destroyed: when any of its cases allows it (the goods infringe that
 * holder's right, whatever the others do). Without a case nobody can confirm an infringement.
 */
export function destructionVerdict(cases: readonly CaseVerdictInput[]): DestructionVerdict {
  const open = cases.filter((c) => !c.state.closed);
  const by = open.filter((c) => destructionBlock(c.state) === null).map((c) => c.id);
  if (by.length) return { allowed: true, by };
  if (open.length === 0) {
    return {
      allowed: false,
      refusal: { code: 'destruction_not_agreed', message: 'no rights holder has a case on this parcel: destruction needs one', awaiting: ['a case opened by a detention or suspension under an application that matched this parcel'] },
      cases: [],
    };
  }
  const blocked = open.map((c) => ({ id: c.id, applicationId: c.applicationId, status: statusOf(c.state), refusal: destructionBlock(c.state)! }));
  return { allowed: false, refusal: blocked[0]!.refusal, cases: blocked };
}

/** A parcel is overdue for release when every open case of it has release due. */
export function releaseDueForParcel(cases: readonly CaseState[]): boolean {
  const open = cases.filter((c) => !c.closed);
  return open.length > 0 && open.every((c) => statusOf(c) === 'release_due');
}
