/**
 * The procedure after a detention through the API, driven by a fake clock, one table row per
 * scenario: confirm + agree, confirm + silence, confirm + object then proceedings, no
 * confirmation, confirmation after the deadline, extension (and a second refused), perishable
 * goods, small consignments with and without opt-in, a public holiday inside the period, an office
 * in another time zone. Then isolation, consignee sharing, the application life cycle's
 * notices and the background watcher on several nodes. On every configured database.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import type { Db } from '../src/db/connect.ts';
import type { ParcelInput } from '../src/domain/manifest.ts';
import { ProcedureWatcher } from '../src/workflow/procedure-watcher.ts';
import { procedureSettings } from '../src/workflow/settings.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

const OFFICES = JSON.stringify([
  { code: 'BEBRU000', country: 'BE', timeZone: 'Europe/Brussels' },
  { code: 'USNYC000', country: 'US', subdivision: 'NY', timeZone: 'America/New_York' },
]);

type Body = Record<string, unknown>;
type Step =
  | { at: string; holder: Body; expect: 200 | string }
  | { at: string; declarant: Body; expect: 200 | string }
  | { at: string; watch: true }
  | { at: string; outcome: 'destroyed' | 'released'; expect: 201 | string }
  | { at: string; status: string; overdue?: boolean; deadline?: string; deemed?: string };

interface Scenario {
  name: string;
  detainAt: string;
  destination?: string;
  items?: ParcelInput['items'];
  grossWeightKg?: number;
  application?: { perishableGoods?: boolean; smallConsignmentProcedure?: boolean };
  opened: { due: string; rule?: string | RegExp; procedure?: 'standard' | 'small_consignment'; perishable?: boolean };
  steps: Step[];
  /** This case's messages in the holder's feed, in order, at the end. */
  holderEvents: string[];
  /** This parcel's messages in the operator's feed, in order, at the end. */
  operatorEvents?: string[];
}

const SHOES = [{ description: 'Acme running shoes', hsCode: '640411', quantity: 4, value: 15, currency: 'EUR', originCountry: 'CN' }];
const ONE_PAIR = [{ ...SHOES[0]!, quantity: 1 }];
const CONFIRM = { confirmsInfringement: true, agreesToDestruction: true };
const BE_DUE = '2026-12-15T23:59:59+01:00';
const BE_PASSED = '2026-12-15T23:00:00.000Z';
const DETAINED = '2026-12-01T09:00:00Z';

const SCENARIOS: Scenario[] = [
  {
    name: 'confirm + agree',
    detainAt: DETAINED,
    opened: { due: BE_DUE, rule: '10 working days from notification on 2026-12-01 at office BEBRU000 (BE, Europe/Brussels)', procedure: 'standard', perishable: false },
    steps: [
      { at: '2026-12-02T10:00:00Z', holder: { ...CONFIRM, evidence: 'test purchase: no hologram label', requests: ['images'] }, expect: 200 },
      { at: '2026-12-02T10:05:00Z', outcome: 'destroyed', expect: 'destruction_not_agreed' },
      { at: '2026-12-03T08:00:00Z', declarant: { answer: 'agrees' }, expect: 200 },
      { at: '2026-12-03T08:00:00Z', status: 'destruction_agreed', overdue: false },
      { at: '2026-12-03T09:00:00Z', outcome: 'destroyed', expect: 201 },
      { at: '2026-12-03T09:00:00Z', status: 'closed' },
    ],
    holderEvents: ['case.detained', 'case.destruction_agreed', 'case.closed'],
    operatorEvents: ['parcel.outcome', 'parcel.detention_notice', 'parcel.outcome'],
  },
  {
    name: 'confirm + silence',
    detainAt: DETAINED,
    opened: { due: BE_DUE },
    steps: [
      { at: '2026-12-02T10:00:00Z', holder: CONFIRM, expect: 200 },
      // Still 15 December in Brussels: the declarant may still object.
      { at: '2026-12-15T22:59:59Z', outcome: 'destroyed', expect: 'destruction_not_agreed' },
      { at: BE_PASSED, watch: true },
      { at: BE_PASSED, status: 'destruction_agreed', deemed: BE_PASSED },
      { at: '2026-12-16T08:00:00Z', declarant: { answer: 'objects', reason: 'too late' }, expect: 'deadline_passed' },
      { at: '2026-12-16T08:00:00Z', outcome: 'destroyed', expect: 201 },
    ],
    holderEvents: ['case.detained', 'case.destruction_agreed', 'case.closed'],
  },
  {
    name: 'confirm + object, then proceedings',
    detainAt: DETAINED,
    opened: { due: BE_DUE },
    steps: [
      { at: '2026-12-02T10:00:00Z', holder: CONFIRM, expect: 200 },
      { at: '2026-12-04T10:00:00Z', declarant: { answer: 'objects', reason: 'bought in the brand’s own shop' }, expect: 200 },
      { at: '2026-12-04T10:00:00Z', status: 'awaiting_proceedings' },
      { at: '2026-12-04T11:00:00Z', outcome: 'destroyed', expect: 'destruction_objected' },
      { at: '2026-12-04T11:00:00Z', declarant: { answer: 'agrees' }, expect: 'already_answered' },
      { at: '2026-12-10T11:00:00Z', holder: { proceedingsStarted: { reference: 'Tribunal de l’entreprise de Bruxelles A/26/01234' } }, expect: 200 },
      { at: '2026-12-16T08:00:00Z', watch: true },
      { at: '2026-12-16T08:00:00Z', status: 'proceedings_started', overdue: false },
      { at: '2026-12-16T09:00:00Z', outcome: 'destroyed', expect: 201 },
    ],
    holderEvents: ['case.detained', 'case.objected', 'case.closed'],
  },
  {
    name: 'no confirmation',
    detainAt: DETAINED,
    opened: { due: BE_DUE },
    steps: [
      { at: '2026-12-02T10:00:00Z', declarant: { answer: 'agrees' }, expect: 200 },
      { at: '2026-12-02T10:00:00Z', status: 'awaiting_holder', overdue: false },
      // Passed and shown as such before the watcher records it.
      { at: '2026-12-15T23:00:01Z', status: 'release_due', overdue: true },
      { at: '2026-12-16T09:00:00Z', outcome: 'destroyed', expect: 'release_due' },
      { at: '2026-12-16T09:00:00Z', watch: true },
      { at: '2026-12-16T09:10:00Z', outcome: 'released', expect: 201 },
      { at: '2026-12-16T09:10:00Z', status: 'closed', overdue: false },
    ],
    holderEvents: ['case.detained', 'case.release_due', 'case.closed'],
  },
  {
    name: 'confirmation after the deadline',
    detainAt: DETAINED,
    opened: { due: BE_DUE },
    steps: [
      { at: '2026-12-16T08:00:00Z', holder: CONFIRM, expect: 'deadline_passed' },
      { at: '2026-12-16T08:00:00Z', status: 'release_due', overdue: true },
    ],
    holderEvents: ['case.detained', 'case.release_due'],
  },
  {
    name: 'extension, and a second one refused',
    detainAt: DETAINED,
    opened: { due: BE_DUE },
    steps: [
      { at: '2026-12-10T10:00:00Z', holder: { extension: true, requests: ['sample'] }, expect: 200 },
      { at: '2026-12-10T10:00:00Z', status: 'awaiting_holder', deadline: '2026-12-30T23:59:59+01:00' },
      { at: '2026-12-11T10:00:00Z', holder: { extension: true }, expect: 'extension_refused' },
      { at: '2026-12-16T08:00:00Z', watch: true },
      { at: '2026-12-16T08:00:00Z', status: 'awaiting_holder', overdue: false },
      { at: '2026-12-29T10:00:00Z', holder: CONFIRM, expect: 200 },
      { at: '2026-12-30T23:00:00Z', watch: true },
      { at: '2026-12-30T23:00:00Z', status: 'destruction_agreed', deemed: '2026-12-30T23:00:00.000Z' },
    ],
    holderEvents: ['case.detained', 'case.destruction_agreed'],
    operatorEvents: ['parcel.outcome', 'parcel.detention_notice', 'parcel.deadline_extended'],
  },
  {
    name: 'perishable goods by HS code',
    detainAt: DETAINED,
    items: [{ description: 'Acme blood oranges', hsCode: '080510', quantity: 10, value: 15, currency: 'EUR', originCountry: 'EG' }],
    grossWeightKg: 5,
    opened: { due: '2026-12-04T23:59:59+01:00', rule: /^3 working days from notification on 2026-12-01/, perishable: true },
    steps: [
      { at: '2026-12-02T10:00:00Z', holder: { extension: true }, expect: 'extension_refused' },
      { at: '2026-12-04T23:00:00Z', watch: true },
      { at: '2026-12-04T23:00:00Z', status: 'release_due', overdue: true },
    ],
    holderEvents: ['case.detained', 'case.release_due'],
  },
  {
    name: 'perishable goods by the application',
    detainAt: DETAINED,
    application: { perishableGoods: true },
    opened: { due: '2026-12-04T23:59:59+01:00', perishable: true },
    steps: [{ at: '2026-12-04T22:00:00Z', holder: CONFIRM, expect: 200 }],
    holderEvents: ['case.detained'],
  },
  {
    name: 'small consignment, opted in: the declarant’s silence is enough',
    detainAt: DETAINED,
    items: ONE_PAIR,
    grossWeightKg: 0.9,
    application: { smallConsignmentProcedure: true },
    opened: { due: BE_DUE, procedure: 'small_consignment' },
    steps: [
      { at: '2026-12-02T10:00:00Z', status: 'awaiting_declarant' },
      { at: '2026-12-02T10:00:00Z', holder: { extension: true }, expect: 'extension_refused' },
      { at: BE_PASSED, watch: true },
      { at: BE_PASSED, status: 'destruction_agreed', deemed: BE_PASSED },
      { at: '2026-12-16T08:00:00Z', outcome: 'destroyed', expect: 201 },
    ],
    // Not asked before; told afterwards what was destroyed.
    holderEvents: ['case.closed'],
  },
  {
    name: 'small consignment, opted in: an objection gives the holder its own period',
    detainAt: DETAINED,
    items: ONE_PAIR,
    application: { smallConsignmentProcedure: true },
    opened: { due: BE_DUE, procedure: 'small_consignment' },
    steps: [
      { at: '2026-12-14T10:00:00Z', declarant: { answer: 'objects', reason: 'a gift from my sister' }, expect: 200 },
      { at: '2026-12-14T10:00:00Z', status: 'awaiting_proceedings', deadline: '2026-12-29T23:59:59+01:00' },
      { at: '2026-12-16T08:00:00Z', watch: true },
      { at: '2026-12-16T08:00:00Z', outcome: 'destroyed', expect: 'destruction_objected' },
    ],
    holderEvents: ['case.objected'],
  },
  {
    name: 'small consignment, not opted in: the standard procedure',
    detainAt: DETAINED,
    items: ONE_PAIR,
    grossWeightKg: 0.9,
    opened: { due: BE_DUE, procedure: 'standard' },
    steps: [
      { at: '2026-12-02T10:00:00Z', declarant: { answer: 'agrees' }, expect: 200 },
      { at: BE_PASSED, watch: true },
      { at: BE_PASSED, status: 'release_due', overdue: true },
      { at: '2026-12-16T08:00:00Z', outcome: 'destroyed', expect: 'release_due' },
    ],
    holderEvents: ['case.detained', 'case.release_due'],
  },
  {
    name: 'a public holiday inside the period',
    detainAt: '2026-12-21T09:00:00Z',
    opened: { due: '2027-01-06T23:59:59+01:00', rule: "10 working days from notification on 2026-12-21 at office BEBRU000 (BE, Europe/Brussels); skipped 2026-12-25 Christmas Day, 2027-01-01 New Year's Day" },
    steps: [
      // Ten weekdays would have ended on 4 January.
      { at: '2027-01-05T12:00:00Z', watch: true },
      { at: '2027-01-05T12:00:00Z', status: 'awaiting_holder', overdue: false },
      { at: '2027-01-06T23:00:00Z', watch: true },
      { at: '2027-01-06T23:00:00Z', status: 'release_due', overdue: true },
    ],
    holderEvents: ['case.detained', 'case.release_due'],
  },
  {
    name: 'an office in another time zone',
    destination: 'US',
    // Still 30 November in New York.
    detainAt: '2026-12-01T03:30:00Z',
    opened: { due: '2026-12-14T23:59:59-05:00', rule: '10 working days from notification on 2026-11-30 at office USNYC000 (US-NY, America/New_York)' },
    steps: [
      // 15 December in UTC and in Brussels, still the 14th in New York: in time.
      { at: '2026-12-15T04:30:00Z', holder: CONFIRM, expect: 200 },
      { at: '2026-12-15T04:59:59Z', watch: true },
      { at: '2026-12-15T04:59:59Z', status: 'awaiting_declarant' },
      { at: '2026-12-15T05:00:00Z', watch: true },
      { at: '2026-12-15T05:00:00Z', status: 'destruction_agreed', deemed: '2026-12-15T05:00:00.000Z' },
    ],
    holderEvents: ['case.detained', 'case.destruction_agreed'],
  },
];

/** Who records each step of a case in the audit trail. */
const STEP_ACTOR: Record<string, RegExp> = {
  'case.opened': /^customs:/,
  'case.holder_response': /^rightsholder:/,
  'case.extension': /^rightsholder:/,
  'case.proceedings_started': /^rightsholder:/,
  'case.declarant_response': /^operator:/,
  'case.deemed_agreement': /^system:deadlines$/,
  'case.release_due': /^system:deadlines$/,
  'case.closed': /^customs:/,
};

describe.each(backends)('procedure after detention on $name', (backend) => {
  const clock = { now: new Date(DETAINED) };
  let db: Db;
  let t: TestApp;
  let watcher: ProcedureWatcher;
  let serial = 7_700_000;
  let holders = 0;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const at = (iso: string) => (clock.now = new Date(iso));
  const settingsFor = (env: Record<string, string>) => procedureSettings(loadConfig({ CUSTOMS_OFFICES: OFFICES, ...env }), () => clock.now);

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db, { CUSTOMS_OFFICES: OFFICES }, { clock: () => clock.now });
    watcher = new ProcedureWatcher(db, pino({ level: 'silent' }), settingsFor({}));
  });
  afterAll(() => db.close());

  async function holderWithApplication(extra: Scenario['application'] = {}) {
    const ref = `PH-${++holders}`;
    const key = (await createApiKey(db, { role: 'rightsholder', holderRef: ref })).key;
    const form = { holder: { name: `Holder ${holders}`, contact: 'ipr@holder.example' }, trademarks: [{ mark: 'Acme', hsCodes: ['64', '08'] }], evidence: ['EUTM 1'], ...extra };
    const lodged = (await (await t.request('/v1/applications', json('POST', key, form))).json()) as { id: string };
    expect((await t.request(`/v1/applications/${lodged.id}/decision`, json('POST', t.keys.customs, { decision: 'accept' }))).status).toBe(200);
    return { ref, key, applicationId: lodged.id };
  }

  /** A parcel filed, held by screening with trademark evidence for the given applications, not yet detained. */
  async function heldParcel(applicationIds: string[], opts: { destination?: string; items?: ParcelInput['items']; grossWeightKg?: number } = {}) {
    const p = parcel(s10(serial++), { items: opts.items ?? SHOES, grossWeightKg: opts.grossWeightKg ?? 3 });
    const filed = (await (await t.postManifest(manifest(`PROC-${serial}`, [p], { destinationCountry: opts.destination ?? 'BE' }))).json()) as { manifestId: string };
    const { id } = await db.kysely.selectFrom('parcels').select('id').where('item_id', '=', p.itemId).executeTakeFirstOrThrow();
    const decidedAt = new Date().toISOString();
    await db.kysely.updateTable('parcels').set({ status: 'screened', decision: 'hold', risk_score: 90, marks: 'Acme', application_ids: applicationIds.join(','), decided_at: decidedAt }).where('id', '=', id).execute();
    const reasons = applicationIds.map((applicationId, i) => ({ kind: 'trademark', mark: 'Acme', applicationId, field: 'items[0].description', matched: 'Acme', start: 0, end: 4 + i, weight: 45, note: `evidence for ${applicationId}` }));
    await db.kysely.insertInto('decisions').values({ parcel_id: id, parcel_revision: 1, registry_version: 1, decision: 'hold', risk_score: 90, reasons: JSON.stringify(reasons), decided_at: decidedAt }).execute();
    return { parcelId: id, manifestId: filed.manifestId, itemId: p.itemId };
  }

  const feed = async (key: string) => ((await (await t.request('/v1/notifications?limit=1000', { key })).json()) as { items: { event: string; data: Record<string, unknown> }[] }).items;

  it.each(SCENARIOS)('$name', async (s) => {
    const holder = await holderWithApplication(s.application);
    const p = await heldParcel([holder.applicationId], s);
    at(s.detainAt);
    const detained = await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }));
    expect(detained.status).toBe(201);
    const opened = (await detained.json()) as { confirmBy: string; cases: { id: number; deadline: { due: string; rule: string } }[] };
    const caseId = opened.cases[0]!.id;
    expect(opened.confirmBy).toBe(s.opened.due);
    expect(opened.cases[0]!.deadline.due).toBe(s.opened.due);
    if (s.opened.rule) expect(opened.cases[0]!.deadline.rule).toMatch(s.opened.rule);
    const first = (await (await t.request(`/v1/cases/${caseId}`, { key: holder.key })).json()) as { procedure: string; perishable: boolean; deadline: { due: string } };
    expect(first).toMatchObject({ procedure: s.opened.procedure ?? 'standard', perishable: s.opened.perishable ?? false, deadline: { due: s.opened.due } });

    const answerUrl = `/v1/manifests/${p.manifestId}/parcels/${p.itemId}/declarant-response`;
    for (const [i, step] of s.steps.entries()) {
      at(step.at);
      const where = `step ${i} at ${step.at}`;
      if ('holder' in step || 'declarant' in step || 'outcome' in step) {
        const res =
          'holder' in step
            ? await t.request(`/v1/cases/${caseId}/holder-response`, json('POST', holder.key, step.holder))
            : 'declarant' in step
              ? await t.request(answerUrl, json('POST', t.keys.operatorA, step.declarant))
              : await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: step.outcome }));
        const body = (await res.json()) as { error?: { code: string }; awaiting?: string[] };
        if (typeof step.expect === 'number') expect(res.status, `${where}: ${JSON.stringify(body)}`).toBe(step.expect);
        else {
          expect(res.status, where).toBe(409);
          expect(body.error?.code, where).toBe(step.expect);
          expect(Array.isArray(body.awaiting), where).toBe(true);
        }
      } else if ('watch' in step) {
        await watcher.runOnce();
      } else {
        const c = (await (await t.request(`/v1/cases/${caseId}`, { key: holder.key })).json()) as { status: string; deadline: { due: string }; declarant: { deemed: boolean; at: string } | null };
        expect(c.status, where).toBe(step.status);
        if (step.deadline) expect(c.deadline.due, where).toBe(step.deadline);
        if (step.deemed) expect(c.declarant, where).toEqual({ answer: 'agrees', reason: null, at: step.deemed, deemed: true });
        if (step.overdue !== undefined) {
          const queue = (await (await t.request('/v1/parcels?overdue=true&limit=1000', { key: t.keys.customs })).json()) as { items: { id: number }[] };
          expect(queue.items.some((q) => q.id === p.parcelId), `${where}: overdue`).toBe(step.overdue);
          const file = (await (await t.request(`/v1/parcels/${p.parcelId}`, { key: t.keys.customs })).json()) as { releaseDue: boolean };
          expect(file.releaseDue, `${where}: case file`).toBe(step.overdue);
        }
      }
    }

    const holderFeed = (await feed(holder.key)).filter((m) => m.data.caseId === caseId);
    expect(holderFeed.map((m) => m.event)).toEqual(s.holderEvents);
    const told = holderFeed.find((m) => m.event === 'case.detained');
    if (told) {
      // The case, the evidence (its own application's only), the deadline with its rule; no consignee by default.
      expect(told.data).toMatchObject({
        applicationId: holder.applicationId,
        parcelRef: p.itemId,
        evidence: [{ mark: 'Acme', field: 'items[0].description', matched: 'Acme', start: 0, end: 4, note: `evidence for ${holder.applicationId}` }],
        deadline: { due: s.opened.due },
        answerUrl: `/v1/cases/${caseId}/holder-response`,
      });
      expect(told.data).not.toHaveProperty('consignee');
    }
    const closed = holderFeed.find((m) => m.event === 'case.closed');
    if (closed) expect(closed.data).toMatchObject({ outcome: expect.any(String), goods: (s.items ?? SHOES).map((i) => ({ description: i.description, quantity: i.quantity, hsCode: i.hsCode })) });
    if (s.operatorEvents) {
      const operatorFeed = (await feed(t.keys.operatorA)).filter((m) => m.data.itemId === p.itemId);
      expect(operatorFeed.map((m) => m.event)).toEqual(s.operatorEvents);
      expect(operatorFeed.find((m) => m.event === 'parcel.detention_notice')!.data).toMatchObject({ deadline: { due: s.opened.due }, answerUrl });
    }

    // Every step of the case is in the audit trail, in order, with who took it.
    const file = (await (await t.request(`/v1/cases/${caseId}`, { key: t.keys.customs })).json()) as { steps: { step: string; actor: string }[] };
    const trail = (await (await t.request(`/v1/audit?entity=case&entityId=${caseId}&limit=1000`, { key: t.keys.admin })).json()) as { items: { action: string; actor: string }[] };
    expect(trail.items.map((e) => e.action)).toEqual(file.steps.map((st) => `case.${st.step}`));
    for (const entry of trail.items) expect(entry.actor, entry.action).toMatch(STEP_ACTOR[entry.action]!);
    // A holder reads actors by role only.
    const asHolder = (await (await t.request(`/v1/cases/${caseId}`, { key: holder.key })).json()) as { steps: { actor: string }[] };
    expect(new Set(asHolder.steps.map((st) => st.actor))).toEqual(new Set(file.steps.map((st) => st.actor.split(':')[0])));
  });

  it('shows each holder only its own case of a parcel, and lets only it answer', async () => {
    const a = await holderWithApplication();
    const b = await holderWithApplication();
    const p = await heldParcel([a.applicationId, b.applicationId]);
    at(DETAINED);
    const opened = (await (await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'suspended' }))).json()) as { cases: { id: number; applicationId: string }[] };
    expect(opened.cases.map((c) => c.applicationId).sort()).toEqual([a.applicationId, b.applicationId].sort());
    const caseOf = (app: string) => opened.cases.find((c) => c.applicationId === app)!.id;
    const [caseA, caseB] = [caseOf(a.applicationId), caseOf(b.applicationId)];

    expect((await t.request(`/v1/cases/${caseB}`, { key: a.key })).status).toBe(404);
    expect((await t.request(`/v1/cases/${caseB}/holder-response`, json('POST', a.key, CONFIRM))).status).toBe(404);
    expect((await t.request(`/v1/cases/${caseA}/holder-response`, json('POST', t.keys.customs, CONFIRM))).status).toBe(403);
    const listA = (await (await t.request(`/v1/cases?limit=1000`, { key: a.key })).json()) as { items: { id: number; evidence: { note: string }[] }[] };
    expect(listA.items.map((c) => c.id)).toEqual([caseA]);
    expect(JSON.stringify(listA)).not.toContain(b.applicationId);
    const own = (await (await t.request(`/v1/cases/${caseA}`, { key: a.key })).json()) as Record<string, unknown>;
    expect(own).not.toHaveProperty('holderRef');
    expect(own).not.toHaveProperty('consignee');
    expect(JSON.stringify(own)).not.toContain(b.applicationId);
    expect(JSON.stringify(await feed(a.key))).not.toContain(b.applicationId);

    // Customs see both, filter and page.
    const all = (await (await t.request(`/v1/cases?parcelId=${p.parcelId}`, { key: t.keys.customs })).json()) as { items: { id: number; holderRef: string }[] };
    expect(all.items.map((c) => c.id)).toEqual([caseA, caseB].sort((x, y) => x - y));
    const page1 = (await (await t.request(`/v1/cases?parcelId=${p.parcelId}&limit=1`, { key: t.keys.customs })).json()) as { items: { id: number }[]; nextCursor: string };
    const page2 = (await (await t.request(`/v1/cases?parcelId=${p.parcelId}&limit=1&cursor=${page1.nextCursor}`, { key: t.keys.customs })).json()) as { items: { id: number }[] };
    expect([...page1.items, ...page2.items].map((c) => c.id)).toEqual(all.items.map((c) => c.id));
    expect((await t.request('/v1/cases?status=maybe', { key: t.keys.customs })).status).toBe(400);
    expect((await t.request('/v1/cases?cursor=abc', { key: t.keys.customs })).status).toBe(400);

    // The declarant's answer applies to both; one holder confirming is enough to destroy.
    at('2026-12-02T10:00:00Z');
    const answered = await t.request(`/v1/manifests/${p.manifestId}/parcels/${p.itemId}/declarant-response`, json('POST', t.keys.operatorA, { answer: 'agrees' }));
    expect(answered.status).toBe(200);
    const declared = (await answered.json()) as { cases: { status: string }[] };
    expect(declared.cases.map((c) => c.status)).toEqual(['awaiting_holder', 'awaiting_holder']);
    expect(JSON.stringify(declared)).not.toContain(a.applicationId);
    const again = (await (await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }))).json()) as { action: string; allowedNext: string[] };
    expect(again.action).toBe('detained');
    expect(again.allowedNext).not.toContain('destroyed');
    expect((await t.request(`/v1/cases/${caseA}/holder-response`, json('POST', a.key, CONFIRM))).status).toBe(200);
    const detail = (await (await t.request(`/v1/parcels/${p.parcelId}`, { key: t.keys.customs })).json()) as { allowedNext: string[]; destruction: { allowed: boolean }; cases: { id: number; status: string }[] };
    expect(detail.destruction).toEqual({ allowed: true });
    expect(detail.allowedNext).toContain('destroyed');
    expect(Object.fromEntries(detail.cases.map((c) => [c.id, c.status]))).toEqual({ [caseA]: 'destruction_agreed', [caseB]: 'awaiting_holder' });
    expect((await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'destroyed' }))).status).toBe(201);
    // Both holders are told the goods were destroyed.
    for (const h of [a, b]) expect((await feed(h.key)).some((m) => m.event === 'case.closed' && m.data.outcome === 'destroyed')).toBe(true);
  });

  it('validates answers and confines declarants to their own detained parcels', async () => {
    const h = await holderWithApplication();
    const p = await heldParcel([h.applicationId]);
    const url = `/v1/manifests/${p.manifestId}/parcels/${p.itemId}/declarant-response`;
    at(DETAINED);
    // Nothing to answer before a detention.
    const early = await t.request(url, json('POST', t.keys.operatorA, { answer: 'agrees' }));
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('no_case');
    const { cases } = (await (await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }))).json()) as { cases: { id: number }[] };
    const caseId = cases[0]!.id;

    expect((await t.request(url, json('POST', t.keys.operatorB, { answer: 'agrees' }))).status).toBe(404);
    expect((await t.request(url, json('POST', h.key, { answer: 'agrees' }))).status).toBe(403);
    const noReason = await t.request(url, json('POST', t.keys.operatorA, { answer: 'objects' }));
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()) as { error: { errors: { path: string }[] } }).error.errors).toEqual([{ path: 'reason', message: 'is required with an objection' }]);
    expect((await t.request(url, json('POST', t.keys.operatorA, { answer: 'maybe' }))).status).toBe(422);

    const hr = (body: unknown) => t.request(`/v1/cases/${caseId}/holder-response`, json('POST', h.key, body));
    for (const bad of [{}, { confirmsInfringement: false, agreesToDestruction: true }, { colour: 'red' }, { requests: ['lunch'] }, { proceedingsStarted: {} }, { evidence: '' }]) {
      expect((await hr(bad)).status, JSON.stringify(bad)).toBe(422);
    }
    const unconfirmed = await hr({ agreesToDestruction: true });
    expect(unconfirmed.status).toBe(409);
    expect(((await unconfirmed.json()) as { error: { code: string } }).error.code).toBe('not_confirmed');
    expect((await t.request('/v1/cases/99999999/holder-response', json('POST', h.key, CONFIRM))).status).toBe(404);
    expect((await t.request('/v1/cases/nope', { key: h.key })).status).toBe(404);
  });

  it('shares the consignee with holders only where the configuration allows it', async () => {
    const sharing = await buildTestApp(db, { CUSTOMS_OFFICES: OFFICES, NOTIFY_SHARE_CONSIGNEE: 'true' }, { clock: () => clock.now });
    const h = await holderWithApplication();
    const p = await heldParcel([h.applicationId]);
    at(DETAINED);
    const { cases } = (await (await sharing.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', sharing.keys.customs, { action: 'detained' }))).json()) as { cases: { id: number }[] };
    const consignee = { name: 'Anna Peeters', address: 'Rue Haute 1, Bruxelles', country: 'BE' };
    expect(((await (await sharing.request(`/v1/cases/${cases[0]!.id}`, { key: h.key })).json()) as { consignee: unknown }).consignee).toEqual(consignee);
    expect((await feed(h.key)).find((m) => m.event === 'case.detained')!.data.consignee).toEqual(consignee);
    // The same case through the default configuration: no consignee.
    expect(await (await t.request(`/v1/cases/${cases[0]!.id}`, { key: h.key })).json()).not.toHaveProperty('consignee');
  });

  it('records a passed deadline once when several nodes watch', async () => {
    const h = await holderWithApplication();
    const p = await heldParcel([h.applicationId]);
    at(DETAINED);
    const { cases } = (await (await t.request(`/v1/parcels/${p.parcelId}/outcomes`, json('POST', t.keys.customs, { action: 'detained' }))).json()) as { cases: { id: number }[] };
    at('2026-12-02T10:00:00Z');
    expect((await t.request(`/v1/cases/${cases[0]!.id}/holder-response`, json('POST', h.key, CONFIRM))).status).toBe(200);
    at(BE_PASSED);
    const other = new ProcedureWatcher(db, pino({ level: 'silent' }), settingsFor({}));
    const runs = await Promise.all([watcher.runOnce(), other.runOnce(), watcher.runOnce()]);
    expect(runs.reduce((n, r) => n + r.deadlines, 0)).toBeGreaterThanOrEqual(1);
    const trail = (await (await t.request(`/v1/audit?entity=case&entityId=${cases[0]!.id}&action=case.deemed_agreement`, { key: t.keys.admin })).json()) as { items: unknown[] };
    expect(trail.items).toHaveLength(1);
    expect((await feed(h.key)).filter((m) => m.event === 'case.destruction_agreed' && m.data.caseId === cases[0]!.id)).toHaveLength(1);
  });

  it('tells the holder of acceptance, rejection, coming expiry and expiry, once each', async () => {
    const ref = `PH-${++holders}`;
    const key = (await createApiKey(db, { role: 'rightsholder', holderRef: ref })).key;
    const form = { holder: { name: 'Lifecycle Co', contact: 'ipr@lifecycle.example' }, trademarks: [{ mark: 'Lifecyclo', hsCodes: ['64'] }], evidence: ['EUTM 2'] };
    const lodge = async () => ((await (await t.request('/v1/applications', json('POST', key, form))).json()) as { id: string }).id;
    const accepted = await lodge();
    const rejected = await lodge();
    const decided = (await (await t.request(`/v1/applications/${accepted}/decision`, json('POST', t.keys.customs, { decision: 'accept', note: 'welcome' }))).json()) as { validFrom: string; validUntil: string };
    await t.request(`/v1/applications/${rejected}/decision`, json('POST', t.keys.customs, { decision: 'reject', reason: 'no evidence of the right' }));
    const mine = async () => (await feed(key)).filter((m) => String(m.event).startsWith('application.'));
    expect(await mine()).toEqual([
      expect.objectContaining({ event: 'application.accepted', data: { applicationId: accepted, at: expect.any(String), status: 'accepted', validFrom: decided.validFrom, validUntil: decided.validUntil, note: 'welcome' } }),
      expect.objectContaining({ event: 'application.rejected', data: { applicationId: rejected, at: expect.any(String), status: 'rejected', reason: 'no evidence of the right' } }),
    ]);

    const day = (offset: number) => new Date(Date.parse(`${decided.validUntil}T12:00:00Z`) + offset * 86_400_000);
    const other = new ProcedureWatcher(db, pino({ level: 'silent' }), settingsFor({}));
    clock.now = day(-31);
    await watcher.runOnce();
    expect((await mine()).map((m) => m.event)).not.toContain('application.expiring');
    clock.now = day(-30);
    await Promise.all([watcher.runOnce(), other.runOnce()]);
    clock.now = day(-10);
    await watcher.runOnce();
    clock.now = day(0);
    await Promise.all([watcher.runOnce(), other.runOnce()]);
    await watcher.runOnce();
    const notices = (await mine()).filter((m) => m.data.applicationId === accepted).map((m) => ({ event: m.event, data: m.data }));
    expect(notices).toEqual([
      { event: 'application.accepted', data: expect.any(Object) },
      { event: 'application.expiring', data: { applicationId: accepted, validUntil: decided.validUntil, daysLeft: 30, renewUrl: `/v1/applications/${accepted}/renewals` } },
      { event: 'application.expired', data: { applicationId: accepted, validUntil: decided.validUntil } },
    ]);
  });
});

describe('the contract of the procedure', () => {
  let db: Db;
  let t: TestApp;
  beforeAll(async () => {
    db = await backends[0]!.open();
    t = await buildTestApp(db, { CUSTOMS_OFFICES: OFFICES });
  });
  afterAll(() => db.close());

  it('documents the case and answer routes with their request bodies and refusals', async () => {
    // The document is generated from the app's own routes.
    const doc = (await (await t.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/cases', '/v1/cases/{id}', '/v1/cases/{id}/holder-response', '/v1/manifests/{id}/parcels/{itemId}/declarant-response']));
    expect(Object.keys(doc.components.schemas.HolderResponse!.properties!)).toEqual(['confirmsInfringement', 'agreesToDestruction', 'requests', 'extension', 'evidence', 'proceedingsStarted']);
    expect(Object.keys(doc.components.schemas.DeclarantResponse!.properties!)).toEqual(['answer', 'reason']);
    expect(doc.paths['/v1/cases/{id}/holder-response']!.post!.responses).toHaveProperty('409');
    expect(doc.paths['/v1/manifests/{id}/parcels/{itemId}/declarant-response']!.post!.responses).toHaveProperty('409');
  });
});
