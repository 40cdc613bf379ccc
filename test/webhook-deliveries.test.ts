/**
 * Webhook deliveries an owner and an operator can see: a warn line per failed attempt (never the
 * secret, the URL or the payload), Prometheus counters and the lag gauges in /metrics, the owner's
 * list of deliveries (status, attempts, next try, last error; filters, paging; own only) and a
 * redelivery by hand (own only, due at once even while the owner is paused, audited).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { enqueue } from '../src/db/outbox.ts';
import type { DeliveryBody } from '../src/http/contract.ts';
import { countWebhookAttempt } from '../src/metrics.ts';
import { WebhookDeliverer } from '../src/workflow/deliverer.ts';
import { targetPolicy } from '../src/workflow/webhook-target.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';

type Delivery = DeliveryBody;
interface Page {
  items: Delivery[];
  nextCursor: string | null;
}

const SECRET = 'a-long-enough-shared-secret-4711';
const PATH_TOKEN = 'path-token-0815';
const CONSIGNEE = 'Anna Peeters-Vandamme';

describe.each(backends)('webhook deliveries on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let server: Server;
  let up = false;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const logLines: string[] = [];
  const clock = { now: Date.now() };
  let deliverer: WebhookDeliverer;
  let serial = 0;

  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const list = async (query: string, key = t.keys.operatorA) => {
    const res = await t.request(`/v1/webhooks/deliveries${query}`, { key });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  };
  /** Messages for `owner`, each carrying a consignee's name (personal data that must not reach a log line). */
  const message = (owner: string, event = 'parcel.outcome') => ({ owner, event, payload: { itemId: `RR${serial}`, consignee: { name: CONSIGNEE } }, idempotencyKey: `deliveries-test:${serial++}` });
  /** The backoff has passed (markFailed schedules on the wall clock) and so has the owner's pause. */
  const timePasses = async () => {
    await db.kysely.updateTable('outbox').set({ next_attempt_at: new Date(0).toISOString() }).where('delivered_at', 'is', null).where('owner', '=', 'operator:OPA').execute();
    clock.now += 10 * 60_000;
  };
  const metricsText = async () => (await t.request('/metrics')).text();
  const metric = (text: string, line: string) => {
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };

  beforeAll(async () => {
    db = await backend.open();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (!up) return void res.writeHead(503).end();
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
    // The deliverer of this "node": the app lifts its pause when an owner asks for a redelivery.
    t = await buildTestApp(db, { WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1' }, { onRedeliver: (owner) => deliverer.resume(owner) });
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    deliverer = new WebhookDeliverer(db, logger, { intervalMs: 500, timeoutMs: 2000, batch: 50, now: () => clock.now, policy: targetPolicy('127.0.0.1'), onAttempt: countWebhookAttempt(t.metrics) });
    // A token in the URL is a secret too. The ping is answered 503 (down): any answer but a redirect registers.
    const url = `http://127.0.0.1:${port}/hook?token=${PATH_TOKEN}`;
    expect((await t.request('/v1/webhooks', json('PUT', t.keys.operatorA, { url, secret: SECRET }))).status).toBe(200);
    expect((await t.request('/v1/webhooks', json('PUT', t.keys.rightsholder, { url, secret: SECRET }))).status).toBe(200);
  });
  afterAll(async () => {
    server.close();
    await db.close();
  });

  it('logs each failed attempt with owner, event, attempt, next try and error, never the secret, URL or payload; counts attempts', async () => {
    await enqueue(db.kysely, [message('operator:OPA'), message('operator:OPA')]);
    expect(await deliverer.deliverDue()).toBe(0);
    const warnings = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'webhook delivery attempt failed');
    // One attempt: the owner's lane stops at its first failure.
    expect(warnings).toHaveLength(1);
    const [line] = warnings;
    expect(line).toMatchObject({ level: 40, owner: 'operator:OPA', event: 'parcel.outcome', attempt: 1, error: 'HTTP 503', refused: false, messageId: expect.any(Number) });
    expect(Date.parse(String(line!.nextAttemptAt))).toBeGreaterThan(Date.now());
    for (const secretThing of [SECRET, PATH_TOKEN, CONSIGNEE]) expect(logLines.join('\n')).not.toContain(secretThing);

    up = true;
    await timePasses();
    expect(await deliverer.deliverDue()).toBe(2);
    const text = await metricsText();
    expect(metric(text, 'parcelscreen_webhook_deliveries_total{event="parcel.outcome",result="failed"}')).toBe(1);
    expect(metric(text, 'parcelscreen_webhook_deliveries_total{event="parcel.outcome",result="succeeded"}')).toBe(2);
    // The first message took two attempts, the second one.
    expect(metric(text, 'parcelscreen_webhook_attempts_per_delivery_count')).toBe(2);
    expect(metric(text, 'parcelscreen_webhook_attempts_per_delivery_sum')).toBe(3);
    expect(metric(text, 'parcelscreen_webhook_attempts_per_delivery_bucket{le="1"}')).toBe(1);
  });

  it('reports the oldest undelivered message and the owners behind, leaving out owners that only pull', async () => {
    let text = await metricsText();
    expect(metric(text, 'parcelscreen_webhook_oldest_undelivered_seconds')).toBe(0);
    expect(metric(text, 'parcelscreen_webhook_owners_behind')).toBe(0);
    // OPB has no webhook: its messages are read by pull and never pushed, however old.
    await enqueue(db.kysely, [message('operator:OPB')]);
    const backdate = (owner: string, seconds: number) =>
      db.kysely.updateTable('outbox').set({ created_at: new Date(Date.now() - seconds * 1000).toISOString() }).where('owner', '=', owner).where('delivered_at', 'is', null).execute();
    await backdate('operator:OPB', 7200);
    expect(metric(await metricsText(), 'parcelscreen_webhook_oldest_undelivered_seconds')).toBe(0);

    await enqueue(db.kysely, [message('operator:OPA', 'parcel.detention_notice')]);
    await backdate('operator:OPA', 120);
    await enqueue(db.kysely, [message('holder:HOLDER-1', 'case.detained')]);
    text = await metricsText();
    expect(metric(text, 'parcelscreen_webhook_oldest_undelivered_seconds')).toBeGreaterThanOrEqual(120);
    expect(metric(text, 'parcelscreen_webhook_oldest_undelivered_seconds')).toBeLessThan(7200);
    // The holder's message is seconds old: one owner is behind.
    expect(metric(text, 'parcelscreen_webhook_owners_behind')).toBe(1);
  });

  it('lists the owner’s own deliveries newest first, with status, attempts, next try and last error; filters and pages', async () => {
    // A failing one: the receiver is down again.
    up = false;
    await enqueue(db.kysely, [message('operator:OPA', 'parcel.deadline_extended')]);
    clock.now += 10 * 60_000;
    await deliverer.deliverDue();
    up = true;

    const all = (await list('')).items;
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((a, b) => b - a));
    expect(all.every((d) => d.owner === 'operator:OPA')).toBe(true);
    expect(all.map((d) => d.status)).toEqual(['pending', 'failing', 'delivered', 'delivered']);
    const [newest, detention, second, first] = all;
    // The oldest due message went first and failed; the newest waits, untried, for the owner's pause.
    expect(detention).toMatchObject({ event: 'parcel.detention_notice', status: 'failing', attempts: 1, lastError: 'HTTP 503', deliveredAt: null });
    expect(Date.parse(detention!.nextAttemptAt!)).toBeGreaterThan(Date.now());
    expect(newest).toMatchObject({ event: 'parcel.deadline_extended', status: 'pending', attempts: 0, lastError: null, deliveredAt: null });
    expect(first).toMatchObject({ status: 'delivered', attempts: 2, lastError: 'HTTP 503', nextAttemptAt: null, deliveredAt: expect.any(String) });
    expect(second).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, redeliverUrl: `/v1/webhooks/deliveries/${second!.id}/redeliver` });
    expect(JSON.stringify(all)).not.toContain(CONSIGNEE);

    expect((await list('?status=failing')).items.map((d) => d.id)).toEqual([detention!.id]);
    expect((await list('?status=pending')).items.map((d) => d.id)).toEqual([newest!.id]);
    expect((await list('?status=delivered')).items.map((d) => d.id)).toEqual([second!.id, first!.id]);
    expect((await list('?event=parcel.outcome&status=delivered')).items).toHaveLength(2);
    expect((await list('?event=parcel.detention_notice')).items.map((d) => d.id)).toEqual([detention!.id]);
    const paged: number[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: Page = await list(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(all.map((d) => d.id));

    // Others see their own only; an admin reads one named owner's.
    expect((await list('', t.keys.operatorB)).items.map((d) => d.owner)).toEqual(['operator:OPB']);
    expect((await list('', t.keys.rightsholder)).items.map((d) => d.owner)).toEqual(['holder:HOLDER-1']);
    expect((await list('?owner=operator:opa', t.keys.admin)).items.map((d) => d.id)).toEqual(all.map((d) => d.id));
    const refused = async (query: string, key: string, path: string) => {
      const res = await t.request(`/v1/webhooks/deliveries${query}`, { key });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { errors: { path: string }[] } }).error.errors.map((e) => e.path)).toContain(path);
    };
    await refused('', t.keys.admin, 'query.owner');
    await refused('?owner=operator:OPB', t.keys.operatorA, 'query.owner');
    await refused('?status=lost', t.keys.operatorA, 'query.status');
    await refused('?itemId=RR1', t.keys.operatorA, 'query.itemId');
    await refused('?cursor=nonsense', t.keys.operatorA, 'query.cursor');
    expect((await t.request('/v1/webhooks/deliveries', { key: t.keys.customs })).status).toBe(403);
  });

  it('redelivers by hand: own messages only, at once even while the owner is paused, audited', async () => {
    const failing = (await list('?status=failing')).items[0]!;
    // Both receivers failed last: both owners are paused.
    expect(deliverer.pausedOwners()).toEqual(new Set(['operator:OPA', 'holder:HOLDER-1']));
    const redeliver = (id: number | string, key = t.keys.operatorA) => t.request(`/v1/webhooks/deliveries/${id}/redeliver`, { method: 'POST', key });

    // Someone else's message, or none, does not exist for you; a pull-only owner has nothing to redeliver to.
    expect((await redeliver(failing.id, t.keys.operatorB)).status).toBe(404);
    expect((await redeliver(failing.id, t.keys.rightsholder)).status).toBe(404);
    expect((await redeliver(99_999_999)).status).toBe(404);
    expect((await redeliver('abc')).status).toBe(404);
    const pullOnly = (await list('', t.keys.operatorB)).items[0]!;
    const noHook = await redeliver(pullOnly.id, t.keys.operatorB);
    expect(noHook.status).toBe(409);
    expect(((await noHook.json()) as { error: { code: string } }).error.code).toBe('no_webhook');

    const before = received.length;
    const res = await redeliver(failing.id);
    expect(res.status).toBe(202);
    const answer = (await res.json()) as Delivery;
    expect(answer).toMatchObject({ id: failing.id, status: 'failing', attempts: 1, lastError: 'HTTP 503' });
    expect(Date.parse(answer.nextAttemptAt!)).toBeLessThanOrEqual(Date.now());
    // The pause is lifted on this node: the next pass sends it (and the owner's other due message).
    expect(deliverer.pausedOwners()).toEqual(new Set(['holder:HOLDER-1']));
    expect(await deliverer.deliverDue()).toBe(2);
    expect(received.slice(before).map((r) => r.headers['x-parcelscreen-event'])).toEqual(['parcel.detention_notice', 'parcel.deadline_extended']);
    expect((await list('')).items.find((d) => d.id === failing.id)).toMatchObject({ status: 'delivered', attempts: 2 });

    // A delivered message goes again, with the same Idempotency-Key for the receiver to recognise.
    const delivered = (await list('?status=delivered&event=parcel.outcome')).items.at(-1)!;
    const again = (await (await redeliver(delivered.id)).json()) as Delivery;
    expect(again).toMatchObject({ status: 'pending', deliveredAt: null, lastError: null, attempts: 2 });
    expect(await deliverer.deliverDue()).toBe(1);
    const resent = received.at(-1)!;
    expect(resent.headers['idempotency-key']).toBe(delivered.idempotencyKey);
    expect(JSON.parse(resent.body)).toMatchObject({ id: delivered.id, event: 'parcel.outcome', data: { consignee: { name: CONSIGNEE } } });
    expect((await list('')).items.find((d) => d.id === delivered.id)).toMatchObject({ status: 'delivered', attempts: 3 });

    const trail = (await (await t.request('/v1/audit?entity=webhook_delivery', { key: t.keys.admin })).json()) as { items: { action: string; actor: string; entityId: string; before: unknown; after: unknown }[] };
    expect(trail.items.map((e) => [e.action, e.entityId])).toEqual(expect.arrayContaining([['webhook.redeliver', String(failing.id)], ['webhook.redeliver', String(delivered.id)]]));
    expect(trail.items).toHaveLength(2);
    const entry = trail.items.find((e) => e.entityId === String(delivered.id))!;
    expect(entry.actor).toMatch(/operator/);
    expect(entry.before).toMatchObject({ owner: 'operator:OPA', event: 'parcel.outcome', status: 'delivered' });
    expect(entry.after).toMatchObject({ status: 'pending', deliveredAt: null });
    expect(JSON.stringify(trail)).not.toContain(CONSIGNEE);
  });
});
