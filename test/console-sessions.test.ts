/**
 * Console sessions and forms through `app.request()` on both databases: cookie flags, only the
 * id's hash stored, a session opened on one node used on another, idle and absolute expiry on a
 * fake clock, sign-out, revocation, CSRF refusals, failed sign-ins limited; and the queue's
 * keyset paging against a plain sort.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { reviewQueue } from '../src/db/review-queue.ts';
import { backends } from './support/db.ts';
import { buildTestApp, type TestApp } from './support/app.ts';

type App = TestApp['app'];

/** A browser's cookie jar for one site, reduced to what the console sets. */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): string[] {
    const set = res.headers.getSetCookie();
    for (const line of set) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return set;
  }
}

async function send(app: App, jar: Jar, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { cookie: jar.header() };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await app.request(path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, ...(body !== undefined ? { body } : {}) });
  const setCookies = jar.take(res);
  return { res, text: await res.text(), setCookies };
}

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function signIn(app: App, key: string, jar = new Jar()) {
  const form = await send(app, jar, '/console/login');
  const answer = await send(app, jar, '/console/login', { form: { _csrf: tokenIn(form.text), key } });
  return { jar, answer };
}

/** The CSRF token of the signed-in session, read from a page's sign-out form. */
async function sessionToken(app: App, jar: Jar, path = '/console/queue') {
  return tokenIn((await send(app, jar, path)).text);
}

for (const backend of backends) {
  describe(`console sessions (${backend.name})`, () => {
    let db: Db;
    let now: Date;
    let t: TestApp;
    beforeEach(async () => {
      db = await backend.open();
      now = new Date('2026-06-01T08:00:00Z');
      t = await buildTestApp(db, {}, { clock: () => now });
    });
    afterEach(() => db.close());

    it('exchanges a key for an HttpOnly, Secure, SameSite=Strict cookie whose id is stored only as a hash', async () => {
      const { jar, answer } = await signIn(t.app, t.keys.customs);
      expect(answer.res.status).toBe(303);
      expect(answer.res.headers.get('location')).toBe('/console/queue');
      const cookie = answer.setCookies.find((c) => c.startsWith('__Host-ps_session='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).toMatch(/Max-Age=43200/);
      const id = jar.cookies.get('__Host-ps_session')!;
      const rows = await db.kysely.selectFrom('console_sessions').select('id_hash').execute();
      expect(rows.map((r) => r.id_hash)).toEqual([createHash('sha256').update(id).digest('hex')]);
      const queue = await send(t.app, jar, '/console/queue');
      expect(queue.res.status).toBe(200);
      expect(queue.text).toContain('Review queue');
      expect(queue.text).not.toContain(t.keys.customs);
    });

    it('without CONSOLE_SECURE_COOKIES the cookie has no Secure flag and no __Host- prefix', async () => {
      const plain = await buildTestApp(db, { CONSOLE_SECURE_COOKIES: 'false' }, { clock: () => now });
      const { answer } = await signIn(plain.app, plain.keys.customs);
      const cookie = answer.setCookies.find((c) => c.startsWith('ps_session='))!;
      expect(cookie).not.toMatch(/Secure/);
      expect(cookie).toMatch(/HttpOnly/);
    });

    it('a session opened on one node is honoured by another node on the same database, and signing out on it ends it everywhere', async () => {
      const other = await buildTestApp(db, {}, { clock: () => now });
      const { jar } = await signIn(t.app, t.keys.customs);
      expect((await send(other.app, jar, '/console/queue')).res.status).toBe(200);
      const token = await sessionToken(other.app, jar);
      const out = await send(other.app, jar, '/console/logout', { form: { _csrf: token } });
      expect(out.res.status).toBe(303);
      expect(out.res.headers.get('location')).toBe('/console/login');
      const stale = await send(t.app, jar, '/console/queue');
      expect(stale.res.status).toBe(303);
      expect(await db.kysely.selectFrom('console_sessions').select('id_hash').execute()).toEqual([]);
    });

    it('ends a session idle for 30 minutes, keeps a used one, and ends any after 12 hours', async () => {
      const { jar } = await signIn(t.app, t.keys.customs);
      now = new Date(now.getTime() + 20 * 60_000);
      expect((await send(t.app, jar, '/console/queue')).res.status).toBe(200);
      now = new Date(now.getTime() + 20 * 60_000);
      expect((await send(t.app, jar, '/console/queue')).res.status).toBe(200);
      now = new Date(now.getTime() + 31 * 60_000);
      const idle = await send(t.app, jar, '/console/queue');
      expect(idle.res.status).toBe(303);
      expect(idle.res.headers.get('location')).toBe('/console/login');

      const fresh = await signIn(t.app, t.keys.customs);
      const start = now.getTime();
      while (now.getTime() - start < 12 * 3_600_000 - 20 * 60_000) {
        now = new Date(now.getTime() + 20 * 60_000);
        expect((await send(t.app, fresh.jar, '/console/queue')).res.status).toBe(200);
      }
      now = new Date(start + 12 * 3_600_000 + 1000);
      expect((await send(t.app, fresh.jar, '/console/queue')).res.status).toBe(303);
    });

    it('revoking the key ends its console sessions at the next request', async () => {
      const { jar } = await signIn(t.app, t.keys.customs);
      const keyId = (await db.kysely.selectFrom('console_sessions').select('key_id').executeTakeFirstOrThrow()).key_id;
      const revoked = await t.request(`/v1/keys/${keyId}`, { method: 'DELETE', key: t.keys.admin });
      expect(revoked.status).toBe(200);
      expect((await send(t.app, jar, '/console/queue')).res.status).toBe(303);
    });

    it('refuses posts without the session token or with another session’s, and a sign-in form without its own token', async () => {
      const officer = await signIn(t.app, t.keys.customs);
      const admin = await signIn(t.app, t.keys.admin);
      const adminToken = await sessionToken(t.app, admin.jar, '/console/keys');
      const none = await send(t.app, officer.jar, '/console/logout', { form: {} });
      expect(none.res.status).toBe(403);
      const foreign = await send(t.app, officer.jar, '/console/logout', { form: { _csrf: adminToken } });
      expect(foreign.res.status).toBe(403);
      expect((await send(t.app, officer.jar, '/console/queue')).res.status).toBe(200);
      const created = await send(t.app, officer.jar, '/console/keys', { form: { _csrf: adminToken, role: 'admin' } });
      expect(created.res.status).toBe(403);
      expect(await db.kysely.selectFrom('api_keys').select('id').where('role', '=', 'admin').execute()).toHaveLength(1);

      const bare = new Jar();
      const noLoginToken = await send(t.app, bare, '/console/login', { form: { key: t.keys.customs } });
      expect(noLoginToken.res.status).toBe(403);
      expect(bare.cookies.has('__Host-ps_session')).toBe(false);
    });

    it('shows each role only its pages', async () => {
      const operator = await signIn(t.app, t.keys.operatorA);
      expect(operator.answer.res.headers.get('location')).toBe('/console/manifests');
      expect((await send(t.app, operator.jar, '/console/queue')).res.status).toBe(403);
      expect((await send(t.app, operator.jar, '/console/keys')).res.status).toBe(403);
      const holder = await signIn(t.app, t.keys.rightsholder);
      expect((await send(t.app, holder.jar, '/console/stats')).res.status).toBe(403);
      expect((await send(t.app, holder.jar, '/console/audit')).res.status).toBe(403);
      const customs = await signIn(t.app, t.keys.customs);
      expect((await send(t.app, customs.jar, '/console/keys')).res.status).toBe(403);
      const nav = (await send(t.app, customs.jar, '/console/queue')).text;
      expect(nav).toContain('href="/console/stats"');
      expect(nav).not.toContain('href="/console/keys"');
    });

    it('limits failed sign-ins per address: after 10 the right key waits too (429 with Retry-After)', async () => {
      const jar = new Jar();
      const token = tokenIn((await send(t.app, jar, '/console/login')).text);
      for (let i = 0; i < 10; i++) {
        const failed = await send(t.app, jar, '/console/login', { form: { _csrf: token, key: `psk_wrong${i}` } });
        expect(failed.res.status).toBe(401);
      }
      const blocked = await send(t.app, jar, '/console/login', { form: { _csrf: token, key: t.keys.customs } });
      expect(blocked.res.status).toBe(429);
      expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(jar.cookies.has('__Host-ps_session')).toBe(false);
    });

    it('an admin imports a registry bundle through the console form (a file upload) and exports it', async () => {
      const { jar } = await signIn(t.app, t.keys.admin);
      const token = await sessionToken(t.app, jar, '/console/registry');
      const bundle = { applications: [{ id: 'AFA-CONSOLE', holderRef: 'H1', holder: { name: 'Console Holder' }, trademarks: [{ mark: 'Zorblax', hsCodes: ['64'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' }] };
      const form = new FormData();
      form.set('_csrf', token);
      form.set('bundle', new Blob([JSON.stringify(bundle)], { type: 'application/json' }), 'bundle.json');
      const imported = await t.app.request('/console/registry/import', { method: 'POST', headers: { cookie: jar.header() }, body: form });
      expect(imported.status).toBe(200);
      expect(await imported.text()).toMatch(/Imported as version \d+/);
      const exported = await send(t.app, jar, '/console/registry/export');
      expect(exported.res.headers.get('content-disposition')).toMatch(/attachment; filename="registry-v\d+\.json"/);
      expect(JSON.parse(exported.text).applications.map((a: { id: string }) => a.id)).toContain('AFA-CONSOLE');
      const invalid = new FormData();
      invalid.set('_csrf', token);
      invalid.set('bundle', new Blob(['{"applications": [{"id": 1}]}'], { type: 'application/json' }), 'bad.json');
      const refused = await t.app.request('/console/registry/import', { method: 'POST', headers: { cookie: jar.header() }, body: invalid });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('The bundle is not valid');
    });

    it('pages the review queue by keyset: every flagged parcel once, in risk order, whatever the page size', async () => {
      const at = '2026-06-01T07:00:00.000Z';
      await db.kysely.insertInto('manifests').values({ id: 'm1', operator_code: 'OPA', manifest_ref: 'REF-1', mode: 'postal', regime: 'import', destination_country: 'BE', received_at: at }).execute();
      const rows = Array.from({ length: 120 }, (_, i) => ({
        manifest_id: 'm1', operator_code: 'OPA', item_id: `IT${i}`, position: i, revision: 1, category: 'sale_of_goods', seller_name: 'S', data: '{}', status: 'screened' as const,
        decision: (['hold', 'review', 'release'] as const)[i % 3]!, risk_score: (i * 37) % 10, decided_at: at, received_at: at, claimed_at: null, claim_token: null, registry_version: 1,
        customs_outcome: null, origin_country: 'CN', marks: null, application_ids: null, confirm_by: null, personal_data_purged_at: null,
      }));
      await db.kysely.insertInto('parcels').values(rows).execute();
      const all = await reviewQueue(db, { limit: 1000 }, at);
      expect(all).toHaveLength(80);
      for (const size of [1, 7, 50]) {
        const seen: number[] = [];
        let after: { riskScore: number; id: number } | undefined;
        for (;;) {
          const page = await reviewQueue(db, { limit: size, ...(after ? { after } : {}) }, at);
          seen.push(...page.map((r) => r.id));
          if (page.length < size) break;
          after = { riskScore: page.at(-1)!.risk_score!, id: page.at(-1)!.id };
        }
        expect(seen).toEqual(all.map((r) => r.id));
      }
      const sorted = [...all].sort((a, b) => b.risk_score! - a.risk_score! || a.id - b.id);
      expect(all.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
      expect((await reviewQueue(db, { search: 'REF-1', limit: 1000 }, at)).length).toBe(80);
      expect((await reviewQueue(db, { search: 'it4', limit: 1000 }, at)).map((r) => r.item_id)).toEqual(['IT4']);
    });
  });
}
