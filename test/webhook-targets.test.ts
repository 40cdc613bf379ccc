/**
 * Webhook targets are checked when registered and before every delivery: https only (http for the
 * development allow-list), no private, loopback, link-local, metadata, unique-local or other
 * special address however it is written or resolved, no redirects, a deadline and a cap on the
 * answer; and a hanging receiver holds up only its own owner.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { enqueue } from '../src/db/outbox.ts';
import { WebhookDeliverer } from '../src/workflow/deliverer.ts';
import { checkUrlShape, refusedAddress, targetPolicy, type ResolvedAddress } from '../src/workflow/webhook-target.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';

const ALLOW = '127.0.0.1,localhost,hooks.test';

describe('webhook target rules', () => {
  it('refuses every special address range and accepts public unicast ones', () => {
    const refused = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '255.255.255.255', '224.0.0.1', '192.0.2.1', '198.18.0.1',
      '::1', '::', 'fd00::1', 'fd00:ec2::254', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::7f00:1', '2002:7f00:1::', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '64:ff9b::a00:1', '64:ff9b:1::1', '2001:db8::1', '100::1'];
    for (const a of refused) expect(refusedAddress(a), a).not.toBeNull();
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(refusedAddress(a), a).toBeNull();
    expect(refusedAddress('127.0.0.1', true)).toBeNull();
    expect(refusedAddress('10.0.0.1', true)).not.toBeNull();
  });

  it('refuses plain http, credentials and IPv4 addresses in decimal, hex, octal or short form', () => {
    const policy = targetPolicy(ALLOW);
    const reason = (u: string) => { const r = checkUrlShape(u, policy); return r.ok ? null : r.reason; };
    expect(reason('http://example.com/hook')).toMatch(/https/);
    expect(reason('ftp://example.com/hook')).toMatch(/https/);
    expect(reason('https://user:pass@example.com/hook')).toMatch(/user name or password/);
    expect(reason('https://user@example.com/hook')).toMatch(/user name or password/);
    for (const numeric of ['https://2130706433/', 'https://0x7f000001/', 'https://0177.0.0.1/', 'https://127.1/', 'https://0x7f.0.0.1/', 'https://134744072/']) expect(reason(numeric), numeric).toMatch(/non-standard form/);
    expect(reason('https://example.com/hook')).toBeNull();
    expect(reason('http://hooks.test:8080/in')).toBeNull();
    expect(reason('https://8.8.8.8/hook')).toBeNull();
  });
});

/** A real receiver on loopback; `handler` decides each answer. */
async function receiver(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; port: number; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, bodies };
}

describe.each(backends)('webhook targets on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  /** What the injected resolver answers: DNS as the tests want it, changed between calls when they want. */
  const dns = new Map<string, ResolvedAddress[]>([['hooks.test', [{ address: '127.0.0.1', family: 4 }]], ['localhost', [{ address: '127.0.0.1', family: 4 }]], ['internal.test', [{ address: '10.20.30.40', family: 4 }]], ['metadata.test', [{ address: '169.254.169.254', family: 4 }]], ['mixed.test', [{ address: '93.184.216.34', family: 4 }, { address: 'fd00::5', family: 6 }]]]);
  const resolve = async (host: string) => {
    const answer = dns.get(host);
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answer;
  };
  const servers: Server[] = [];
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const register = async (url: string, key = t.keys.operatorA) => {
    const res = await t.request('/v1/webhooks', json('PUT', key, { url, secret: 'a-long-enough-shared-secret' }));
    return { status: res.status, body: (await res.json()) as { ping?: { status?: number; error?: string }; error?: { errors?: { path: string; message: string }[] } } };
  };
  const deliverer = (options: Partial<ConstructorParameters<typeof WebhookDeliverer>[2]> = {}) =>
    new WebhookDeliverer(db, pino({ level: 'silent' }), { intervalMs: 50, timeoutMs: 5000, batch: 50, policy: targetPolicy(ALLOW, resolve), ...options });
  let key = 0;
  const message = (owner: string) => ({ owner, event: 'test', payload: { n: key }, idempotencyKey: `target-test:${key++}` });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db, { WEBHOOK_ALLOW_HTTP_HOSTS: ALLOW, WEBHOOK_TIMEOUT_MS: '2000' }, { webhookResolver: resolve });
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    await db.close();
  });

  it('refuses at registration (422 naming url) private, metadata, special and disguised targets', async () => {
    const targets = [
      'http://example.com/hook', 'https://10.0.0.1/hook', 'https://169.254.169.254/latest/meta-data/', 'https://[fd00::1]/hook', 'https://[::1]/hook', 'https://[::ffff:127.0.0.1]/hook',
      'https://2130706433/hook', 'https://0x7f000001/hook', 'https://0177.0.0.1/hook', 'https://user:pass@hooks.test/hook', 'https://100.64.0.1/hook', 'https://[2002:7f00:1::]/hook',
      'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook', 'https://224.0.0.1/hook', 'https://255.255.255.255/hook', 'https://0.0.0.0/hook', 'https://internal.test/hook',
      'https://metadata.test/hook', 'https://mixed.test/hook', 'https://nowhere.test/hook', 'http://127.0.0.2/hook', 'not a url',
    ];
    for (const url of targets) {
      const { status, body } = await register(url);
      expect(status, url).toBe(422);
      expect(body.error!.errors![0]!.path, url).toBe('url');
    }
    expect(await db.kysely.selectFrom('webhooks').select('owner').where('owner', '=', 'operator:OPA').executeTakeFirst()).toBeUndefined();
  });

  it('registers an allowed target after a signed ping, and refuses one that redirects', async () => {
    const ok = await receiver((_req, res) => res.writeHead(204).end());
    const redirecting = await receiver((_req, res) => res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    servers.push(ok.server, redirecting.server);
    const good = await register(`http://hooks.test:${ok.port}/in`);
    expect(good).toMatchObject({ status: 200, body: { ping: { status: 204 } } });
    expect(JSON.parse(ok.bodies[0]!)).toMatchObject({ event: 'webhook.ping', data: { owner: 'operator:OPA' } });
    const bad = await register(`http://localhost:${redirecting.port}/in`, t.keys.operatorB);
    expect(bad.status).toBe(422);
    expect(bad.body.error!.errors![0]).toMatchObject({ path: 'url', message: expect.stringMatching(/redirects are not followed/) });
  });

  it('checks the target again at delivery: refused once its name resolves to a private or metadata address', async () => {
    const got = await receiver((_req, res) => res.writeHead(204).end());
    servers.push(got.server);
    expect((await register(`http://hooks.test:${got.port}/in`, t.keys.rightsholder)).status).toBe(200);
    const owner = 'holder:HOLDER-1';
    const before = got.bodies.length;
    await enqueue(db.kysely, [message(owner)]);
    expect(await deliverer().deliverDue()).toBe(1);
    expect(got.bodies.length).toBe(before + 1);

    for (const address of ['10.0.0.7', '169.254.169.254']) {
      // DNS changed after registration.
      dns.set('hooks.test', [{ address, family: 4 }]);
      await db.kysely.updateTable('outbox').set({ next_attempt_at: new Date(0).toISOString() }).where('owner', '=', owner).where('delivered_at', 'is', null).execute();
      await enqueue(db.kysely, [message(owner)]);
      expect(await deliverer().deliverDue()).toBe(0);
      const failed = await db.kysely.selectFrom('outbox').select(['last_error', 'attempts']).where('owner', '=', owner).where('delivered_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
      expect(failed.last_error).toMatch(new RegExp(`target refused: resolves to ${address.replace(/\./g, '\\.')}`));
      expect(got.bodies.length).toBe(before + 1);
    }
    dns.set('hooks.test', [{ address: '127.0.0.1', family: 4 }]);
  });

  it('follows no redirect at delivery, and reads no more of an answer than allowed', async () => {
    const elsewhere = await receiver((_req, res) => res.writeHead(204).end());
    const redirecting = await receiver((_req, res) => res.writeHead(308, { location: `http://127.0.0.1:${elsewhere.port}/stolen` }).end());
    let written = 0;
    const chatty = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => undefined);
      pump();
    });
    servers.push(elsewhere.server, redirecting.server, chatty.server);
    const now = new Date().toISOString();
    await db.kysely.insertInto('webhooks').values([
      { owner: 'operator:REDIR', url: `http://127.0.0.1:${redirecting.port}/in`, secret: 'a-long-enough-shared-secret', updated_at: now },
      { owner: 'operator:CHATTY', url: `http://localhost:${chatty.port}/in`, secret: 'a-long-enough-shared-secret', updated_at: now },
    ]).execute();
    await enqueue(db.kysely, [message('operator:REDIR'), message('operator:CHATTY')]);
    const started = Date.now();
    await deliverer({ maxResponseBytes: 1024 }).deliverDue();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(elsewhere.bodies).toEqual([]);
    const redirected = await db.kysely.selectFrom('outbox').select('last_error').where('owner', '=', 'operator:REDIR').executeTakeFirstOrThrow();
    expect(redirected.last_error).toMatch(/HTTP 308 .*redirects are not followed/);
    expect(await db.kysely.selectFrom('outbox').select('delivered_at').where('owner', '=', 'operator:CHATTY').executeTakeFirstOrThrow()).toMatchObject({ delivered_at: expect.any(String) });
    // The receiver could push a few socket buffers before the connection was cut, not gigabytes.
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('delivers to a healthy owner within a second while four other owners hang', async () => {
    const hanging = await Promise.all(Array.from({ length: 4 }, () => receiver(() => undefined)));
    const arrivals: number[] = [];
    const healthy = await receiver((_req, res) => {
      arrivals.push(Date.now());
      res.writeHead(204).end();
    });
    servers.push(healthy.server, ...hanging.map((h) => h.server));
    const now = new Date().toISOString();
    await db.kysely.insertInto('webhooks').values([
      ...hanging.map((h, i) => ({ owner: `operator:HANG${i}`, url: `http://127.0.0.1:${h.port}/in`, secret: 'a-long-enough-shared-secret', updated_at: now })),
      { owner: 'operator:HEALTHY', url: `http://127.0.0.1:${healthy.port}/in`, secret: 'a-long-enough-shared-secret', updated_at: now },
    ]).execute();
    // The hanging owners' messages first, as in the review that found it.
    await enqueue(db.kysely, [...hanging.flatMap((_, i) => [message(`operator:HANG${i}`), message(`operator:HANG${i}`)]), ...Array.from({ length: 5 }, () => message('operator:HEALTHY'))]);
    const d = deliverer({ timeoutMs: 5000 });
    const started = Date.now();
    d.start();
    try {
      const deadline = Date.now() + 4000;
      while (arrivals.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const latency = arrivals.at(-1)! - started;
      expect(arrivals).toHaveLength(5);
      // Sequential delivery made it wait 4 x 5 s; with a lane per owner it waits for nothing.
      expect(latency).toBeLessThan(1500);
      // Each hanging receiver gets one attempt (its lane waits on it), not one per message.
      const settled = Date.now() + 2000;
      while (hanging.some((h) => h.bodies.length === 0) && Date.now() < settled) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200));
      expect(hanging.map((h) => h.bodies.length)).toEqual([1, 1, 1, 1]);
    } finally {
      for (const h of hanging) h.server.closeAllConnections();
      await d.stop();
    }
    const healthyRows = await db.kysely.selectFrom('outbox').select(['attempts', 'delivered_at']).where('owner', '=', 'operator:HEALTHY').execute();
    // Each delivered at its first attempt.
    expect(healthyRows.every((r) => r.delivered_at !== null && r.attempts === 1)).toBe(true);
  });
});
