/**
 * Customs workflow: the outcome state machine, the review queue, the legal clock, the audit
 * trail's immutability, notifications (outbox, signed webhooks with retries, pull feeds), seizure
 * feedback and statistics, on every configured database.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { sql } from 'kysely';
import type { Db } from '../src/db/connect.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { enqueue } from '../src/db/outbox.ts';
import { WebhookDeliverer } from '../src/workflow/deliverer.ts';
import { targetPolicy } from '../src/workflow/webhook-target.ts';
import { allowedNext, OUTCOME_ACTIONS, type OutcomeAction } from '../src/domain/outcomes.ts';
import { verify } from '../src/workflow/signature.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends, watchBackgroundReads } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE } from './support/registry.ts';

describe('outcome state machine', () => {
  it('allows what may follow what', () => {
    expect(allowedNext([])).toEqual(['released', 'detained', 'suspended', 'seized', 'returned']);
    expect(allowedNext(['detained'])).toContain('destroyed');
    expect(allowedNext(['detained', 'sample_requested'])).toEqual(['sample_sent', 'released', 'seized', 'destroyed', 'returned']);
    expect(allowedNext(['seized'])).toEqual(['destroyed', 'returned', 'released']);
  });
  it('never destroys without a detention or seizure first', () => {
    expect(allowedNext([])).not.toContain('destroyed');
    expect(allowedNext(['suspended'])).not.toContain('destroyed');
    expect(allowedNext(['suspended', 'sample_requested', 'sample_sent'])).not.toContain('destroyed');
    expect(allowedNext(['suspended', 'detained'])).toContain('destroyed');
  });
  it('ends at destruction, release and return', () => {
    for (const end of ['destroyed', 'released', 'returned'] as OutcomeAction[]) expect(allowedNext(['detained', end])).toEqual([]);
  });
  it('walks every edge without reaching an unknown action', () => {
    const seen = new Set<string>();
    const walk = (h: OutcomeAction[]) => {
      if (h.length > 6) return;
      for (const next of allowedNext(h)) {
        expect(OUTCOME_ACTIONS).toContain(next);
        seen.add(`${h.at(-1) ?? 'none'}->${next}`);
        walk([...h, next]);
      }
    };
    walk([]);
    expect(seen.size).toBeGreaterThan(25);
  });
});

describe.each(backends)('customs workflow on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let holderB: string;
  let serial = 990_000;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await backend.open();
    // The tests' receivers listen on loopback over plain http: the development allow-list.
    t = await buildTestApp(db, { WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1,localhost' });
    holderB = (await createApiKey(db, { role: 'rightsholder', holderRef: 'HOLDER-2' })).key;
    // HOLDER-1 owns APP-NIKE here.
    await t.request('/v1/registry/import', json('POST', t.keys.admin, { ...TEST_BUNDLE, applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, holderRef: a.id === 'APP-NIKE' ? 'HOLDER-1' : 'OTHER' })) }));
  });
  afterAll(() => db.close());

  /** Files parcels and gives them decisions as screening would (screening itself is tested elsewhere). */
  async function held(specs: { risk: number; decision: 'hold' | 'review' | 'release'; marks?: string; apps?: string; origin?: string }[], operatorKey = t.keys.operatorA) {
    const list = specs.map((s) => parcel(s10(serial++), { items: [{ description: 'N1ke Air Max running shoes', hsCode: '640411', quantity: 2, value: 15, currency: 'EUR', originCountry: s.origin ?? 'CN' }] }));
    const filing = (await (await t.postManifest(manifest(`WF-${serial}`, list), operatorKey)).json()) as { manifestId: string };
    const ids: number[] = [];
    for (const [i, s] of specs.entries()) {
      const row = await db.kysely.selectFrom('parcels').select('id').where('item_id', '=', list[i]!.itemId).executeTakeFirstOrThrow();
      await db.kysely.updateTable('parcels').set({ status: 'screened', decision: s.decision, risk_score: s.risk, marks: s.marks ?? null, application_ids: s.apps ?? null, decided_at: new Date().toISOString() }).where('id', '=', row.id).execute();
      ids.push(row.id);
    }
    return { ids, manifestId: filing.manifestId, items: list };
  }

  it('queues flagged parcels by risk with filters and cursor paging', async () => {
    const { ids } = await held([
      { risk: 55, decision: 'review', marks: 'Nike', apps: 'APP-NIKE' },
      { risk: 90, decision: 'hold', marks: 'Nike,Gucci', apps: 'APP-NIKE,APP-GUCCI', origin: 'TR' },
      { risk: 5, decision: 'release' },
      { risk: 75, decision: 'hold', marks: 'Rolex', apps: 'APP-ROLEX' },
    ]);
    const queue = async (q: string) => ((await (await t.request(`/v1/parcels?${q}`, { key: t.keys.customs })).json()) as { items: { id: number; riskScore: number }[]; nextCursor: string | null });
    const all = await queue('open=true');
    const mine = all.items.filter((i) => ids.includes(i.id));
    expect(mine.map((i) => i.riskScore)).toEqual([90, 75, 55]);
    expect((await queue('decision=hold&mark=nike')).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await queue('origin=TR')).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await queue('operator=opb')).items.filter((i) => ids.includes(i.id))).toEqual([]);
    expect((await queue('regime=import&decision=review')).items.map((i) => i.id)).toContain(ids[0]);
    const first = await queue('limit=1');
    const second = await queue(`limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0]!.riskScore).toBeLessThanOrEqual(first.items[0]!.riskScore);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    expect((await t.request('/v1/parcels?decision=maybe&origin=XX', { key: t.keys.customs })).status).toBe(400);
  });

  it('records outcomes under the state machine, starts the legal clock and tells holder and operator', async () => {
    const { ids, items } = await held([{ risk: 88, decision: 'hold', marks: 'Nike', apps: 'APP-NIKE' }]);
    const id = ids[0]!;
    const post = (action: string, key = t.keys.customs) => t.request(`/v1/parcels/${id}/outcomes`, json('POST', key, { action, note: `officer note: ${action}` }));

    const refused = await post('destroyed');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { allowedNext: string[] }).allowedNext).toEqual(['released', 'detained', 'suspended', 'seized', 'returned']);
    const detained = await post('detained');
    expect(detained.status).toBe(201);
    const d = (await detained.json()) as { confirmBy: string; allowedNext: string[]; cases: { applicationId: string; status: string; deadline: { due: string; rule: string } }[] };
    // The legal clock follows the default office's calendar (Belgium, Europe/Brussels): the end of the 10th working day.
    expect(d.confirmBy).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+0[12]:00$/);
    expect(d.cases).toEqual([{ id: expect.any(Number), applicationId: 'APP-NIKE', status: 'awaiting_holder', deadline: { due: d.confirmBy, rule: expect.stringMatching(/^10 working days from notification on \d{4}-\d{2}-\d{2} at office BE \(BE, Europe\/Brussels\)/) } }]);
    // Nobody has agreed to destruction yet.
    expect(d.allowedNext).not.toContain('destroyed');
    expect((await post('sample_requested')).status).toBe(201);
    expect((await post('sample_sent')).status).toBe(201);
    expect((await post('sample_sent')).status).toBe(409);
    expect((await post('seized', t.keys.operatorA)).status).toBe(403);

    const detail = (await (await t.request(`/v1/parcels/${id}`, { key: t.keys.customs })).json()) as { outcomes: { action: string; officer: string }[]; allowedNext: string[]; confirmBy: string };
    expect(detail.outcomes.map((o) => o.action)).toEqual(['detained', 'sample_requested', 'sample_sent']);
    expect(detail.outcomes[0]!.officer).toMatch(/^customs:/);
    expect(detail.confirmBy).toBe(d.confirmBy);

    // The holder whose application matched hears of the detention, with what it needs and no consignee.
    const notes = (await (await t.request('/v1/notifications', { key: t.keys.rightsholder })).json()) as { items: { event: string; data: Record<string, unknown> }[] };
    const mine = notes.items.find((n) => n.event === 'case.detained' && n.data.parcelRef === items[0]!.itemId);
    expect(mine).toBeDefined();
    expect(mine!.data).toMatchObject({ applicationId: 'APP-NIKE', action: 'detained', place: 'BE', origin: 'CN', goods: [{ description: 'N1ke Air Max running shoes', quantity: 2, hsCode: '640411' }] });
    expect(mine!.data).not.toHaveProperty('consignee');
    // Another holder sees nothing of it.
    const theirs = (await (await t.request('/v1/notifications', { key: holderB })).json()) as { items: unknown[] };
    expect(JSON.stringify(theirs)).not.toContain(items[0]!.itemId);
    // The operator is told not to deliver.
    const feed = (await (await t.request('/v1/notifications', { key: t.keys.operatorA })).json()) as { items: { event: string; data: Record<string, unknown> }[] };
    expect(feed.items.find((n) => n.event === 'parcel.outcome' && n.data.itemId === items[0]!.itemId)).toMatchObject({ data: { outcome: 'detained', instruction: 'do not deliver' } });
    const other = (await (await t.request('/v1/notifications', { key: t.keys.operatorB })).json()) as { items: unknown[] };
    expect(JSON.stringify(other)).not.toContain(items[0]!.itemId);

    // Not overdue while the holder's period runs (test/procedure.test.ts drives the clock past it).
    const overdue = (await (await t.request('/v1/parcels?overdue=true', { key: t.keys.customs })).json()) as { items: { id: number }[] };
    expect(overdue.items.map((i) => i.id)).not.toContain(id);

    // A seizure feeds back: the seller becomes a watched seller, with provenance, removable by customs.
    expect((await post('seized')).status).toBe(201);
    const watched = (await (await t.request('/v1/indicators/watched-sellers', { key: t.keys.customs })).json()) as { items: { id: string; name: string; source?: string; reason?: string }[] };
    const auto = watched.items.find((w) => w.source === 'automatic: seizure');
    expect(auto).toMatchObject({ name: 'Shenzhen Bright Trading Co., Ltd', reason: `seizure of parcel ${items[0]!.itemId}` });
    expect((await t.request(`/v1/indicators/watched-sellers/${auto!.id}`, { method: 'DELETE', key: t.keys.customs })).status).toBe(200);
    // Destruction waits for the procedure: the holder has not confirmed, the declarant has not agreed.
    const notAgreed = await post('destroyed');
    expect(notAgreed.status).toBe(409);
    expect(await notAgreed.json()).toMatchObject({ error: { code: 'destruction_not_agreed' }, awaiting: [expect.stringContaining('confirmation of the infringement'), expect.stringContaining('agreement to destruction'), expect.stringContaining("declarant's agreement")] });
    expect((await post('released')).status).toBe(201);
    expect((await post('destroyed')).status).toBe(409);
  });

  it('keeps an append-only audit trail', async () => {
    const { ids } = await held([{ risk: 70, decision: 'hold' }]);
    await t.request(`/v1/parcels/${ids[0]}/outcomes`, json('POST', t.keys.customs, { action: 'released' }));
    const trail = (await (await t.request(`/v1/audit?entity=parcel&entityId=${ids[0]}`, { key: t.keys.admin })).json()) as { items: { action: string; actor: string; before: unknown; after: unknown }[] };
    expect(trail.items).toContainEqual(expect.objectContaining({ action: 'outcome.recorded', before: { outcome: null }, after: expect.objectContaining({ outcome: 'released' }) }));
    const kinds = (await (await t.request('/v1/audit?limit=1000', { key: t.keys.admin })).json()) as { items: { action: string }[] };
    for (const action of ['key.created', 'manifest.accepted', 'registry.imported', 'outcome.recorded']) expect(kinds.items.map((i) => i.action)).toContain(action);
    for (const key of [t.keys.customs, t.keys.operatorA, t.keys.rightsholder]) expect((await t.request('/v1/audit', { key })).status).toBe(403);
    await expect(sql`update audit_log set actor = 'someone else'`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db.kysely)).rejects.toThrow(/append-only/);
  });

  it('does not let a receiver that hangs hold up the other owners, and waits longer after each failure', async () => {
    const hanging: Server = createServer(() => undefined); // accepts, never answers
    const received: string[] = [];
    const working: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    const listen = (srv: Server) => new Promise<number>((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as { port: number }).port)));
    const [hangingPort, workingPort] = [await listen(hanging), await listen(working)];
    try {
      const now = new Date().toISOString();
      await db.kysely.insertInto('webhooks').values([
        { owner: 'operator:HANG', url: `http://127.0.0.1:${hangingPort}/hook`, secret: 'a-long-enough-shared-secret', updated_at: now },
        { owner: 'operator:WORK', url: `http://127.0.0.1:${workingPort}/hook`, secret: 'a-long-enough-shared-secret', updated_at: now },
      ]).execute();
      // The hanging owner's messages come first in the outbox.
      await enqueue(db.kysely, ['HANG', 'WORK'].flatMap((op) => Array.from({ length: 5 }, (_, i) => ({ owner: `operator:${op}`, event: 'test', payload: { i }, idempotencyKey: `hang-test:${op}:${i}` }))));
      const clock = { now: Date.now() };
      const deliverer = new WebhookDeliverer(db, pino({ level: 'silent' }), { intervalMs: 500, timeoutMs: 300, batch: 50, now: () => clock.now, policy: targetPolicy('127.0.0.1') });
      const started = Date.now();
      const delivered = await deliverer.deliverDue();
      // One timeout for the hanging owner, not one per message; the other owner got everything.
      expect(Date.now() - started).toBeLessThan(5 * 300);
      expect(received.filter((b) => b.includes('"event":"test"'))).toHaveLength(5);
      expect(delivered).toBeGreaterThanOrEqual(5);
      const tried = await db.kysely.selectFrom('outbox').select('attempts').where('owner', '=', 'operator:HANG').where('attempts', '>', 0).execute();
      expect(tried).toHaveLength(1);
      // Paused 1 s, then 2 s after the next failure.
      expect(deliverer.pausedOwners()).toEqual(new Set(['operator:HANG']));
      clock.now += 999;
      expect(deliverer.pausedOwners().size).toBe(1);
      clock.now += 2;
      expect(deliverer.pausedOwners().size).toBe(0);
      await db.kysely.updateTable('outbox').set({ next_attempt_at: new Date(0).toISOString() }).where('owner', '=', 'operator:HANG').execute();
      await deliverer.deliverDue();
      clock.now += 1_999;
      expect(deliverer.pausedOwners().size).toBe(1);
      clock.now += 2;
      expect(deliverer.pausedOwners().size).toBe(0);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
      working.close();
      await db.kysely.deleteFrom('webhooks').where('owner', 'in', ['operator:HANG', 'operator:WORK']).execute();
    }
  });

  it('delivers webhooks signed, retried until the receiver is back, once each', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    let up = false;
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (!up) {
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    try {
      const secret = 'a-long-enough-shared-secret';
      expect((await t.request('/v1/webhooks', json('PUT', t.keys.rightsholder, { url: `http://127.0.0.1:${port}/hook`, secret }))).status).toBe(200);
      const { ids, items } = await held([{ risk: 80, decision: 'hold', marks: 'Nike', apps: 'APP-NIKE' }]);
      await t.request(`/v1/parcels/${ids[0]}/outcomes`, json('POST', t.keys.customs, { action: 'suspended' }));

      const clock = { now: Date.now() };
      const deliverer = new WebhookDeliverer(db, pino({ level: 'silent' }), { intervalMs: 500, timeoutMs: 5000, batch: 50, now: () => clock.now, policy: targetPolicy('127.0.0.1') });
      const undelivered = () => db.kysely.selectFrom('outbox').select(['attempts', 'next_attempt_at', 'last_error']).where('owner', '=', 'holder:HOLDER-1').where('delivered_at', 'is', null).execute();
      const waiting = (await undelivered()).length;
      expect(waiting).toBeGreaterThan(0);
      expect(await deliverer.deliverDue()).toBe(0); // the receiver is down
      // One attempt, backed off; the owner's other messages wait for the pause, untried.
      const failed = (await undelivered()).filter((f) => f.attempts > 0);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.last_error).toBe('HTTP 503');
      expect(failed[0]!.next_attempt_at > new Date().toISOString()).toBe(true);
      expect(deliverer.pausedOwners()).toEqual(new Set(['holder:HOLDER-1']));
      expect(await deliverer.deliverDue()).toBe(0);
      expect((await undelivered()).filter((f) => f.attempts > 0)).toHaveLength(1);

      up = true;
      await db.kysely.updateTable('outbox').set({ next_attempt_at: new Date(0).toISOString() }).where('delivered_at', 'is', null).execute(); // the backoff has passed
      clock.now += 1_001; // and so has the owner's first pause
      expect(await deliverer.deliverDue()).toBe(waiting);
      expect(deliverer.pausedOwners().size).toBe(0);
      expect(await deliverer.deliverDue()).toBe(0); // delivered once
      const ours = received.find((r) => r.body.includes(items[0]!.itemId))!;
      expect(ours.headers['x-parcelscreen-event']).toBe('case.suspended');
      expect(ours.headers['idempotency-key']).toMatch(/^outcome:/);
      // The documented recipe verifies it; a changed body or another secret does not.
      const timestamp = Number(ours.headers['x-parcelscreen-timestamp']);
      const signature = String(ours.headers['x-parcelscreen-signature']);
      expect(verify(secret, timestamp, ours.body, signature)).toBe(true);
      expect(verify(secret, timestamp, ours.body.replace('suspended', 'released'), signature)).toBe(false);
      expect(verify('another-secret-of-some-length', timestamp, ours.body, signature)).toBe(false);
    } finally {
      receiver.close();
    }
  });

  it('counts statistics that add up to the parcels', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    // On SQLite the scan goes to the background connection, not the event loop.
    const reads = watchBackgroundReads(db);
    const res = (await (await t.request(`/v1/stats?from=${from}&to=${to}&groupBy=decision`, { key: t.keys.customs })).json()) as { rows: { key: string; parcels: number; declaredValue: Record<string, number> }[]; total: number };
    if (reads) {
      reads.restore();
      expect(reads.count()).toBeGreaterThan(0);
    }
    const count = Number((await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(res.total).toBe(count);
    const holds = Number((await db.kysely.selectFrom('parcels').select((eb) => eb.fn.countAll<number>().as('n')).where('decision', '=', 'hold').executeTakeFirstOrThrow()).n);
    expect(res.rows.find((r) => r.key === 'hold')!.parcels).toBe(holds);
    // Every test parcel declares 15 EUR.
    expect(res.rows.reduce((n, r) => n + (r.declaredValue.EUR ?? 0), 0)).toBeCloseTo(count * 15, 2);
    const csv = await (await t.request(`/v1/stats.csv?from=${from}&to=${to}&groupBy=outcome`, { key: t.keys.customs })).text();
    expect(csv.split('\n')[0]).toBe('key,parcels,declared_value_EUR');
    const csvTotal = csv.trim().split('\n').slice(1).reduce((n, line) => n + Number(line.split(',')[1]), 0);
    expect(csvTotal).toBe(count);
    expect((await t.request(`/v1/stats?from=${from}&to=${to}&groupBy=color`, { key: t.keys.customs })).status).toBe(400);
  });
});
