/**
 * API keys without a shell: admins create, list, revoke and rotate them over HTTP; last use is
 * recorded without a write per request; the CLI checks its options against the role and exits
 * non-zero when it fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { KeyUsage } from '../src/keys/usage.ts';
import type { KeyView } from '../src/keys/service.ts';
import { runKeys } from '../src/cli/keys-command.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends, tempSqliteUrl } from './support/db.ts';
import { until } from './support/wait.ts';

describe('key usage', () => {
  it('writes a key\'s use at most once a minute, and again after the minute', () => {
    let now = Date.parse('2026-06-01T10:00:00Z');
    const writes: [string, string][] = [];
    const usage = new KeyUsage(async (id, at) => void writes.push([id, at]), () => {}, 60_000, () => now);
    for (let i = 0; i < 1000; i++) usage.touch('a');
    usage.touch('b');
    now += 59_999;
    usage.touch('a');
    now += 1;
    usage.touch('a');
    expect(writes).toEqual([['a', '2026-06-01T10:00:00.000Z'], ['b', '2026-06-01T10:00:00.000Z'], ['a', '2026-06-01T10:01:00.000Z']]);
  });
});

describe.each(backends)('keys over HTTP on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  const json = (method: string, body: unknown, key = t.keys.admin) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const create = async (spec: unknown) => {
    const res = await t.request('/v1/keys', json('POST', spec));
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    return (await res.json()) as KeyView & { key: string };
  };
  const works = async (key: string) => (await t.request('/v1/notifications', { key })).status;
  const list = async (query = '') => ((await (await t.request(`/v1/keys${query}`, { key: t.keys.admin })).json()) as { items: KeyView[]; nextCursor: string | null });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('creates a key of each role, shown once, and refuses options that do not fit the role', async () => {
    const op = await create({ role: 'operator', operator: 'dhlx', label: 'DHL Express EU hub' });
    expect(op).toMatchObject({ role: 'operator', operator: 'DHLX', holder: null, label: 'DHL Express EU hub', state: 'active', lastUsedAt: null, expiresAt: null });
    expect(op.key).toMatch(/^psk_/);
    expect(await works(op.key)).toBe(200);
    expect((await create({ role: 'rightsholder', holder: 'ACME' })).holder).toBe('ACME');
    expect((await create({ role: 'customs', label: 'Officer 4711' })).role).toBe('customs');

    const listed = await list('?operator=DHLX');
    expect(listed.items.map((k) => k.id)).toEqual([op.id]);
    expect(listed.items[0]).not.toHaveProperty('key');
    expect(JSON.stringify(listed)).not.toContain(op.key.slice(4));

    const bad = async (spec: unknown) => {
      const res = await t.request('/v1/keys', json('POST', spec));
      expect(res.status).toBe(422);
      return ((await res.json()) as { error: { errors: { path: string; message: string }[] } }).error.errors;
    };
    expect(await bad({ role: 'customs', operator: 'X' })).toEqual([{ path: 'operator', message: 'only a key of role operator has one' }]);
    expect(await bad({ role: 'operator' })).toEqual([{ path: 'operator', message: 'is required for a key of role operator' }]);
    expect(await bad({ role: 'rightsholder', operator: 'X' })).toEqual([
      { path: 'operator', message: 'only a key of role operator has one' },
      { path: 'holder', message: 'is required for a key of role rightsholder' },
    ]);
    expect((await bad({ role: 'god' }))[0]!.path).toBe('role');
    expect((await bad({ role: 'admin', expiresAt: '2020-01-01' }))[0]).toEqual({ path: 'expiresAt', message: 'must be in the future' });
    expect((await bad({ role: 'admin', scopes: ['all'] }))[0]!.message).toMatch(/scopes/);

    for (const key of [t.keys.customs, t.keys.operatorA, t.keys.rightsholder]) {
      expect((await t.request('/v1/keys', { key })).status).toBe(403);
      expect((await t.request('/v1/keys', json('POST', { role: 'admin' }, key))).status).toBe(403);
    }
  });

  it('revokes a key at once on this node, audited; a second revocation or an unknown key is refused', async () => {
    const k = await create({ role: 'operator', operator: 'REVOKE' });
    expect(await works(k.key)).toBe(200);
    const res = await t.request(`/v1/keys/${k.id}`, { method: 'DELETE', key: t.keys.admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: k.id, state: 'revoked', revokedAt: expect.any(String) });
    expect(await works(k.key)).toBe(401);
    expect((await t.request(`/v1/keys/${k.id}`, { method: 'DELETE', key: t.keys.admin })).status).toBe(409);
    expect((await t.request('/v1/keys/nope', { method: 'DELETE', key: t.keys.admin })).status).toBe(404);
    expect((await list('?state=revoked')).items.map((i) => i.id)).toContain(k.id);
    expect((await list('?state=active')).items.map((i) => i.id)).not.toContain(k.id);
    const audit = (await (await t.request(`/v1/audit?entity=api_key&entityId=${k.id}`, { key: t.keys.admin })).json()) as { items: { action: string; actor: string }[] };
    expect(audit.items.map((a) => a.action)).toEqual(['key.created', 'key.revoked']);
    expect(audit.items[1]!.actor).toMatch(/^admin:/);
  });

  it('rotates a key: the new one works, the old one for its grace period only; a key rotates once', async () => {
    const old = await create({ role: 'operator', operator: 'ROTA', label: 'rotating' });
    const res = await t.request(`/v1/keys/${old.id}/rotate`, json('POST', { graceSeconds: 3600 }));
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as KeyView & { key: string; replaces: KeyView };
    expect(rotated).toMatchObject({ role: 'operator', operator: 'ROTA', label: 'rotating', state: 'active' });
    expect(rotated.replaces).toMatchObject({ id: old.id, replacedBy: rotated.id, state: 'active' });
    const graceEnd = Date.parse(rotated.replaces.expiresAt!);
    expect(graceEnd - Date.now()).toBeGreaterThan(3590_000);
    expect(graceEnd - Date.now()).toBeLessThanOrEqual(3600_000);
    expect([await works(old.key), await works(rotated.key)]).toEqual([200, 200]);
    const again = await t.request(`/v1/keys/${old.id}/rotate`, json('POST', {}));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'key_not_active', message: expect.stringContaining(`rotate ${rotated.id} instead`) } });

    // No grace: the old key stops now. The configured default applies when the body does not say.
    const now = (await (await t.request(`/v1/keys/${rotated.id}/rotate`, json('POST', { graceSeconds: 0 }))).json()) as KeyView & { key: string };
    expect(await works(rotated.key)).toBe(401);
    expect(await works(now.key)).toBe(200);
    const byDefault = (await (await t.request(`/v1/keys/${now.id}/rotate`, json('POST', {}))).json()) as { replaces: KeyView };
    expect(Date.parse(byDefault.replaces.expiresAt!) - Date.now()).toBeGreaterThan(86_390_000);
    expect((await t.request('/v1/keys/nope/rotate', json('POST', {}))).status).toBe(404);
    expect((await t.request(`/v1/keys/${now.id}/rotate`, json('POST', { graceSeconds: -1 }))).status).toBe(422);
  });

  it('stops a key at its expiry even while authentication has it cached', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const k = await create({ role: 'customs', expiresAt: soon });
    expect(k.expiresAt).toBe(new Date(Date.parse(soon) + 1).toISOString());
    expect((await t.request('/v1/parcels', { key: k.key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await t.request('/v1/parcels', { key: k.key })).status).toBe(401);
    expect((await list('?state=expired')).items.map((i) => i.id)).toContain(k.id);
    // A day means through that day.
    expect((await create({ role: 'admin', expiresAt: '2999-12-31' })).expiresAt).toBe('3000-01-01T00:00:00.000Z');
  });

  it('shows when each key was last used, and pages through keys newest first', async () => {
    const k = await create({ role: 'operator', operator: 'USED' });
    expect((await list('?operator=USED')).items[0]!.lastUsedAt).toBeNull();
    const before = new Date().toISOString();
    await works(k.key);
    await until(async () => (await list('?operator=USED')).items[0]!.lastUsedAt !== null);
    expect((await list('?operator=USED')).items[0]!.lastUsedAt! >= before).toBe(true);

    for (let i = 0; i < 4; i++) await create({ role: 'rightsholder', holder: `PAGE-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: KeyView[]; nextCursor: string | null } = await list(`?role=rightsholder&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.holder!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((h) => h.startsWith('PAGE-'))).toEqual(['PAGE-3', 'PAGE-2', 'PAGE-1', 'PAGE-0']);
  });
});

describe('npm run keys', () => {
  let url: string;
  beforeAll(async () => {
    url = tempSqliteUrl();
    const db = await connect(url);
    await migrateToLatest(db);
    await db.close();
  });
  /** The command in-process, on a real database: what the entry point runs. */
  const keys = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runKeys(args, {
      out: (text) => (stdout += text),
      err: (text) => (stderr += text),
      open: async () => ({ db: await connect(url), graceSeconds: 86_400 }),
    });
    return { code, stdout, stderr };
  };

  it('exits 0 on --help and 1 on a key it cannot revoke, as a real process', async () => {
    const run = promisify(execFile);
    const help = await run(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', '--help'], { env: { ...process.env, DATABASE_URL: url } });
    expect(help.stdout).toMatch(/npm run keys -- create --role/);
    const revoke = await run(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', 'revoke', 'nope'], { env: { ...process.env, DATABASE_URL: url } }).catch((err: { code: number; stderr: string }) => err);
    expect(revoke).toMatchObject({ code: 1, stderr: 'keys: no key nope\n' });
  });

  it('prints its usage on --help and exits 2 on a wrong command line, checking options against the role', async () => {
    const help = await keys('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/npm run keys -- rotate <key id>/);
    const cases: [string[], RegExp][] = [
      [['--bogus'], /Unknown option '--bogus'/],
      [[], /a command is required/],
      [['launch'], /unknown command launch/],
      [['create', '--role', 'customs', '--operator', 'DHLX'], /--operator only a key of role operator has one/],
      [['create', '--role', 'operator'], /--operator is required for a key of role operator/],
      [['create', '--role', 'rightsholder', '--operator', 'X'], /--operator only a key of role operator has one; --holder is required/],
      [['create', '--role', 'customs', '--holder', 'ACME'], /--holder only a key of role rightsholder has one/],
      [['create', '--role', 'boss'], /--role must be one of/],
      [['create', '--role', 'admin', '--expires', '2020-01-01'], /--expires must be in the future/],
      [['list', '--grace', '5'], /--grace does not go with list/],
      [['list', 'extra'], /unexpected argument extra/],
      [['rotate', 'a', '--grace', 'soon'], /--grace must be a whole number/],
      [['revoke'], /revoke takes one key id/],
    ];
    for (const [args, message] of cases) {
      const r = await keys(...args);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('creates, lists, rotates and revokes; exits 1 for a key it cannot change', async () => {
    const created = await keys('create', '--role', 'operator', '--operator', 'cli1', '--label', 'from the CLI');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^psk_\S+\n$/);
    const listed = (await keys('list')).stdout.trim().split('\n').map((l) => JSON.parse(l) as KeyView);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ role: 'operator', operator: 'CLI1', label: 'from the CLI', state: 'active' });
    const id = listed[0]!.id;

    const rotated = await keys('rotate', id, '--grace', '0');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^psk_\S+\n$/);
    expect(rotated.stderr).toMatch(new RegExp(`to replace ${id}`));
    expect(await keys('rotate', id)).toMatchObject({ code: 1, stderr: expect.stringMatching(/expired at|already rotated/) });
    const active = (await keys('list')).stdout.trim().split('\n').map((l) => JSON.parse(l) as KeyView);
    expect(active.map((k) => k.replacedBy)).toEqual([null]);
    expect((await keys('list', '--all')).stdout.trim().split('\n')).toHaveLength(2);

    expect(await keys('revoke', active[0]!.id)).toMatchObject({ code: 0, stdout: `revoked ${active[0]!.id}\n` });
    expect(await keys('revoke', active[0]!.id)).toMatchObject({ code: 1, stderr: expect.stringMatching(/was revoked at/) });
    expect(await keys('revoke', 'nope')).toMatchObject({ code: 1, stderr: 'keys: no key nope\n' });
  });
});
