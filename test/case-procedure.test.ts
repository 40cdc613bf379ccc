/**
 * The procedure after a detention as a pure state machine: every event from every status, for
 * both procedures, in one table each (a status or a refused code per cell); then the facts the
 * table cannot show (deemed agreement's time and actor, extension, new period after an
 * objection, what destruction waits for, several holders on one parcel).
 */
import { describe, expect, it } from 'vitest';
import { extendDeadline, workingDayDeadline } from '../src/domain/calendar.ts';
import {
  applyCaseEvent,
  awaiting,
  CASE_STATUSES,
  DEADLINE_ACTOR,
  destructionBlock,
  destructionVerdict,
  openCase,
  releaseDueForParcel,
  statusOf,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
  type HolderAnswer,
  type Procedure,
} from '../src/domain/case-procedure.ts';
import { OfficeDirectory } from '../src/domain/offices.ts';

const office = OfficeDirectory.forCountry('BE').defaultOffice;
const NOTIFIED = '2026-12-01T09:00:00.000Z';
const HOLDER = 'rightsholder:k1';
const DECLARANT = 'operator:k2';
const OFFICER = 'customs:k3';

const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
/** A moment inside the current period, after everything that happened so far. */
const during = (s: CaseState) => minutesAfter(s.steps.at(-1)!.at, 60);
/** The moment the current period is over. */
const after = (s: CaseState) => s.deadline.passesAt;

function fresh(procedure: Procedure, perishable = false): CaseState {
  return openCase({ procedure, perishable, at: NOTIFIED, actor: OFFICER, deadline: workingDayDeadline(office, { what: 'notification', at: new Date(NOTIFIED) }, perishable ? 3 : 10) });
}

function holder(answer: HolderAnswer, at: (s: CaseState) => string = during) {
  return (s: CaseState): CaseEvent => ({
    type: 'holder_response',
    at: at(s),
    actor: HOLDER,
    answer,
    ...(answer.extension ? { extendedDeadline: extendDeadline(office, s.deadline, 10, 'at the request') } : {}),
  });
}

function declarant(answer: 'agrees' | 'objects', at: (s: CaseState) => string = during) {
  return (s: CaseState): CaseEvent => ({
    type: 'declarant_response',
    at: at(s),
    actor: DECLARANT,
    answer,
    ...(answer === 'objects' ? { reason: 'genuine goods bought in a shop', proceedingsDeadline: workingDayDeadline(office, { what: 'the objection', at: new Date(at(s)) }, 10) } : {}),
  });
}

const EVENTS = {
  holderConfirmsAndAgrees: holder({ confirmsInfringement: true, agreesToDestruction: true }),
  holderConfirmsOnly: holder({ confirmsInfringement: true }),
  holderDenies: holder({ confirmsInfringement: false }),
  holderAgreesUnconfirmed: holder({ agreesToDestruction: true }),
  holderAsksSampleAndSendsEvidence: holder({ requests: ['sample', 'images'], evidence: 'test purchase report' }),
  holderAsksExtension: holder({ extension: true }),
  holderStartsProceedings: holder({ confirmsInfringement: true, proceedingsReference: 'Court of Brussels A/26/1' }),
  declarantAgrees: declarant('agrees'),
  declarantObjects: declarant('objects'),
  deadlineNotYet: (s: CaseState): CaseEvent => ({ type: 'deadline_check', at: during(s) }),
  deadlinePassed: (s: CaseState): CaseEvent => ({ type: 'deadline_check', at: after(s) }),
  released: (s: CaseState): CaseEvent => ({ type: 'outcome', at: during(s), actor: OFFICER, action: 'released', terminal: true }),
  sampleRequested: (s: CaseState): CaseEvent => ({ type: 'outcome', at: during(s), actor: OFFICER, action: 'sample_requested', terminal: false }),
  holderConfirmsLate: holder({ confirmsInfringement: true, agreesToDestruction: true }, after),
  declarantAgreesLate: declarant('agrees', after),
} as const;
type EventName = keyof typeof EVENTS;
const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

function run(s: CaseState, ...events: ((s: CaseState) => CaseEvent)[]): CaseState {
  for (const e of events) {
    const applied = applyCaseEvent(s, e(s));
    expect(applied.refusal, 'a fixture step was refused').toBeUndefined();
    s = applied.state;
  }
  return s;
}

/** A case in each status, reached by events only. */
function reach(procedure: Procedure, status: CaseStatus): CaseState {
  const s = fresh(procedure);
  const ready = procedure === 'standard' ? run(s, EVENTS.holderConfirmsAndAgrees) : s;
  switch (status) {
    case 'awaiting_holder':
      return s;
    case 'awaiting_declarant':
      return ready;
    case 'awaiting_proceedings':
      return run(ready, EVENTS.declarantObjects);
    case 'destruction_agreed':
      return run(ready, EVENTS.declarantAgrees);
    case 'proceedings_started':
      return run(ready, EVENTS.declarantObjects, EVENTS.holderStartsProceedings);
    case 'release_due':
      return run(s, EVENTS.holderDenies);
    case 'closed':
      return run(ready, EVENTS.released);
  }
}

/** What each event leads to from each status: the next status, or `!code` when refused. */
type Row = Record<EventName, string>;

const row = (cells: string[]): Row => Object.fromEntries(EVENT_NAMES.map((e, i) => [e, cells[i]!])) as Row;

// Columns, in order:  confirms+agrees, confirms, denies, agrees unconfirmed, sample+evidence, extension, proceedings,
//                     declarant agrees, declarant objects, deadline not yet, deadline passed, released, sample requested,
//                     holder late, declarant late
const STANDARD: Record<CaseStatus, Row> = {
  awaiting_holder: row(['awaiting_declarant', 'awaiting_holder', 'release_due', '!not_confirmed', 'awaiting_holder', 'awaiting_holder', 'proceedings_started',
    'awaiting_holder', 'awaiting_proceedings', 'awaiting_holder', 'release_due', 'closed', 'awaiting_holder', '!deadline_passed', '!deadline_passed']),
  awaiting_declarant: row(['awaiting_declarant', 'awaiting_declarant', '!already_answered', 'awaiting_declarant', 'awaiting_declarant', 'awaiting_declarant', 'proceedings_started',
    'destruction_agreed', 'awaiting_proceedings', 'awaiting_declarant', 'destruction_agreed', 'closed', 'awaiting_declarant', '!deadline_passed', '!deadline_passed']),
  awaiting_proceedings: row(['awaiting_proceedings', 'awaiting_proceedings', '!already_answered', 'awaiting_proceedings', 'awaiting_proceedings', 'awaiting_proceedings', 'proceedings_started',
    '!already_answered', '!already_answered', 'awaiting_proceedings', 'release_due', 'closed', 'awaiting_proceedings', '!deadline_passed', '!already_answered']),
  destruction_agreed: row(['destruction_agreed', 'destruction_agreed', '!already_answered', 'destruction_agreed', 'destruction_agreed', 'destruction_agreed', 'proceedings_started',
    '!already_answered', '!already_answered', 'destruction_agreed', 'destruction_agreed', 'closed', 'destruction_agreed', '!deadline_passed', '!already_answered']),
  proceedings_started: row(['proceedings_started', 'proceedings_started', '!already_answered', 'proceedings_started', 'proceedings_started', 'proceedings_started', '!already_answered',
    '!already_answered', '!already_answered', 'proceedings_started', 'proceedings_started', 'closed', 'proceedings_started', 'proceedings_started', '!already_answered']),
  release_due: row(['!release_due', '!release_due', '!release_due', '!release_due', '!release_due', '!release_due', '!release_due',
    '!release_due', '!release_due', 'release_due', 'release_due', 'closed', 'release_due', '!deadline_passed', '!deadline_passed']),
  closed: row(['!case_closed', '!case_closed', '!case_closed', '!case_closed', '!case_closed', '!case_closed', '!case_closed',
    '!case_closed', '!case_closed', 'closed', 'closed', 'closed', 'closed', '!case_closed', '!case_closed']),
};

// The small-consignment procedure never waits for the holder, and has no extension.
const SMALL: Record<Exclude<CaseStatus, 'awaiting_holder'>, Row> = {
  awaiting_declarant: row(['awaiting_declarant', 'awaiting_declarant', 'release_due', '!not_confirmed', 'awaiting_declarant', '!extension_refused', 'proceedings_started',
    'destruction_agreed', 'awaiting_proceedings', 'awaiting_declarant', 'destruction_agreed', 'closed', 'awaiting_declarant', '!deadline_passed', '!deadline_passed']),
  awaiting_proceedings: row(['awaiting_proceedings', 'awaiting_proceedings', 'release_due', '!not_confirmed', 'awaiting_proceedings', '!extension_refused', 'proceedings_started',
    '!already_answered', '!already_answered', 'awaiting_proceedings', 'release_due', 'closed', 'awaiting_proceedings', '!deadline_passed', '!already_answered']),
  destruction_agreed: row(['destruction_agreed', 'destruction_agreed', 'release_due', '!not_confirmed', 'destruction_agreed', '!extension_refused', 'proceedings_started',
    '!already_answered', '!already_answered', 'destruction_agreed', 'destruction_agreed', 'closed', 'destruction_agreed', '!deadline_passed', '!already_answered']),
  proceedings_started: row(['proceedings_started', 'proceedings_started', '!already_answered', 'proceedings_started', 'proceedings_started', '!extension_refused', '!already_answered',
    '!already_answered', '!already_answered', 'proceedings_started', 'proceedings_started', 'closed', 'proceedings_started', 'proceedings_started', '!already_answered']),
  release_due: row(['!release_due', '!release_due', '!release_due', '!release_due', '!release_due', '!release_due', '!release_due',
    '!release_due', '!release_due', 'release_due', 'release_due', 'closed', 'release_due', '!deadline_passed', '!deadline_passed']),
  closed: row(['!case_closed', '!case_closed', '!case_closed', '!case_closed', '!case_closed', '!case_closed', '!case_closed',
    '!case_closed', '!case_closed', 'closed', 'closed', 'closed', 'closed', '!case_closed', '!case_closed']),
};

function outcomeOf(s: CaseState, event: EventName): string {
  const applied = applyCaseEvent(s, EVENTS[event](s));
  if (applied.refusal) {
    // A refusal changes nothing but what the clock already decided.
    expect(applied.steps.every((st) => st.actor === DEADLINE_ACTOR)).toBe(true);
    return `!${applied.refusal.code}`;
  }
  return statusOf(applied.state);
}

describe('case state machine', () => {
  for (const [procedure, table] of [['standard', STANDARD], ['small_consignment', SMALL]] as const) {
    it(`takes every event from every status (${procedure})`, () => {
      const statuses = procedure === 'standard' ? CASE_STATUSES : CASE_STATUSES.filter((s) => s !== 'awaiting_holder');
      expect(Object.keys(table).sort()).toEqual([...statuses].sort());
      const failures: string[] = [];
      for (const status of statuses) {
        const s = reach(procedure, status);
        expect(statusOf(s), `fixture for ${status}`).toBe(status);
        for (const event of EVENT_NAMES) {
          const got = outcomeOf(s, event);
          const want = (table as Record<string, Row>)[status]![event];
          if (got !== want) failures.push(`${procedure} ${status} + ${event}: got ${got}, want ${want}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('opens a standard case waiting for the holder, a small consignment waiting for the declarant', () => {
    expect(statusOf(fresh('standard'))).toBe('awaiting_holder');
    expect(statusOf(fresh('small_consignment'))).toBe('awaiting_declarant');
    expect(fresh('standard').steps).toEqual([{ at: NOTIFIED, actor: OFFICER, step: 'opened', details: expect.objectContaining({ deadline: '2026-12-15T23:59:59+01:00' }) }]);
  });

  it('records silence as agreement, as such, with the time the deadline passed', () => {
    const ready = reach('standard', 'awaiting_declarant');
    const seenLater = '2026-12-17T08:00:00.000Z';
    const { state, steps } = applyCaseEvent(ready, { type: 'deadline_check', at: seenLater });
    expect(state.declarant).toEqual({ answer: 'agrees', reason: null, at: '2026-12-15T23:00:00.000Z', deemed: true });
    expect(steps).toEqual([{ at: '2026-12-15T23:00:00.000Z', actor: DEADLINE_ACTOR, step: 'deemed_agreement', details: expect.objectContaining({ deadline: '2026-12-15T23:59:59+01:00', recordedAt: seenLater }) }]);
    // Seen again: nothing more to record.
    expect(applyCaseEvent(state, { type: 'deadline_check', at: '2026-12-18T08:00:00.000Z' }).steps).toEqual([]);
  });

  it('makes release due when the holder does not confirm in time, saying why', () => {
    const { state, steps } = applyCaseEvent(fresh('standard'), { type: 'deadline_check', at: '2026-12-15T23:00:00.000Z' });
    expect(statusOf(state)).toBe('release_due');
    expect(state.releaseDue).toEqual({ since: '2026-12-15T23:00:00.000Z', why: 'the rights holder did not confirm the infringement and agree to destruction by 2026-12-15T23:59:59+01:00' });
    expect(steps.map((s) => s.step)).toEqual(['release_due']);
    // One second before the end of the office's day it is not yet due.
    expect(statusOf(applyCaseEvent(fresh('standard'), { type: 'deadline_check', at: '2026-12-15T22:59:59.000Z' }).state)).toBe('awaiting_holder');
  });

  it('refuses a late confirmation but records the passage of the deadline it found', () => {
    const applied = applyCaseEvent(fresh('standard'), EVENTS.holderConfirmsLate(fresh('standard')));
    expect(applied.refusal).toMatchObject({ code: 'deadline_passed', message: 'the deadline passed at 2026-12-15T23:59:59+01:00; release is due' });
    expect(statusOf(applied.state)).toBe('release_due');
    expect(applied.steps.map((s) => s.step)).toEqual(['release_due']);
  });

  it('extends the period once, by the same number of working days, and never for perishable goods', () => {
    const s = fresh('standard');
    const once = applyCaseEvent(s, EVENTS.holderAsksExtension(s));
    expect(once.state.deadline.due).toBe('2026-12-30T23:59:59+01:00');
    expect(once.state.extended).toBe(true);
    expect(once.steps).toEqual([expect.objectContaining({ step: 'extension', actor: HOLDER, details: expect.objectContaining({ previous: '2026-12-15T23:59:59+01:00', deadline: '2026-12-30T23:59:59+01:00' }) })]);
    // The original deadline passing no longer matters.
    expect(statusOf(applyCaseEvent(once.state, { type: 'deadline_check', at: '2026-12-16T12:00:00.000Z' }).state)).toBe('awaiting_holder');
    expect(applyCaseEvent(once.state, EVENTS.holderAsksExtension(once.state)).refusal).toMatchObject({ code: 'extension_refused', message: 'the period was already extended once' });
    const perishable = fresh('standard', true);
    expect(perishable.deadline.due).toBe('2026-12-04T23:59:59+01:00');
    expect(applyCaseEvent(perishable, EVENTS.holderAsksExtension(perishable)).refusal).toMatchObject({ code: 'extension_refused', message: 'the period for perishable goods cannot be extended' });
  });

  it('gives the holder its own period to go to court after an objection to a small consignment', () => {
    const s = fresh('small_consignment');
    const objectedAt = '2026-12-14T10:00:00.000Z';
    const applied = applyCaseEvent(s, declarant('objects', () => objectedAt)(s));
    expect(statusOf(applied.state)).toBe('awaiting_proceedings');
    expect(applied.state.deadline.rule).toBe('10 working days from the objection on 2026-12-14 at office BE (BE, Europe/Brussels); skipped 2026-12-25 Christmas Day');
    expect(applied.state.deadline.due).toBe('2026-12-29T23:59:59+01:00');
    // The standard procedure keeps the one period from the notification.
    const standard = applyCaseEvent(reach('standard', 'awaiting_declarant'), declarant('objects', () => objectedAt)(reach('standard', 'awaiting_declarant')));
    expect(standard.state.deadline.due).toBe('2026-12-15T23:59:59+01:00');
  });

  it('says what destruction waits for, and why it is refused', () => {
    expect(destructionBlock(fresh('standard'))).toEqual({
      code: 'destruction_not_agreed',
      message: 'destruction is not agreed yet',
      awaiting: [
        "the rights holder's confirmation of the infringement by 2026-12-15T23:59:59+01:00",
        "the rights holder's agreement to destruction by 2026-12-15T23:59:59+01:00",
        "the declarant's agreement, or its silence until 2026-12-15T23:59:59+01:00",
      ],
    });
    expect(destructionBlock(reach('standard', 'awaiting_declarant'))).toMatchObject({ code: 'destruction_not_agreed', awaiting: ["the declarant's agreement, or its silence until 2026-12-15T23:59:59+01:00"] });
    expect(destructionBlock(reach('standard', 'awaiting_proceedings'))).toMatchObject({
      code: 'destruction_objected',
      message: 'the declarant objected (genuine goods bought in a shop): destruction needs proceedings started by the rights holder',
      awaiting: ['proceedings started by the rights holder by 2026-12-15T23:59:59+01:00'],
    });
    expect(destructionBlock(run(fresh('standard'), holder({ confirmsInfringement: true, agreesToDestruction: false })))).toMatchObject({ code: 'destruction_objected', message: 'the rights holder did not agree to destruction: destruction needs proceedings started by the rights holder' });
    expect(destructionBlock(reach('standard', 'release_due'))).toMatchObject({ code: 'release_due', message: 'release is due: the rights holder does not confirm an infringement' });
    expect(destructionBlock(reach('standard', 'destruction_agreed'))).toBeNull();
    expect(destructionBlock(reach('standard', 'proceedings_started'))).toBeNull();
    expect(awaiting(reach('standard', 'destruction_agreed'))).toEqual([]);
  });

  it('lets a parcel be destroyed when any holder’s case allows it, and makes it overdue only when every case has release due', () => {
    const agreed = { id: 1, applicationId: 'A', state: reach('standard', 'destruction_agreed') };
    const waiting = { id: 2, applicationId: 'B', state: fresh('standard') };
    const due = { id: 3, applicationId: 'C', state: reach('standard', 'release_due') };
    expect(destructionVerdict([waiting, agreed])).toEqual({ allowed: true, by: [1] });
    const refused = destructionVerdict([waiting, due]);
    expect(refused).toMatchObject({ allowed: false, refusal: { code: 'destruction_not_agreed' }, cases: [{ id: 2, status: 'awaiting_holder' }, { id: 3, status: 'release_due', refusal: { code: 'release_due' } }] });
    expect(destructionVerdict([])).toMatchObject({ allowed: false, refusal: { code: 'destruction_not_agreed', message: 'no rights holder has a case on this parcel: destruction needs one' } });
    expect(releaseDueForParcel([due.state, waiting.state])).toBe(false);
    expect(releaseDueForParcel([due.state, reach('standard', 'closed')])).toBe(true);
    expect(releaseDueForParcel([])).toBe(false);
  });
});
