/**
 * The tamper-evident audit trail: a hash chain that stays one line under concurrent appends, a
 * verification (endpoint and CLI) that names the first broken link, SQLite refusing every rewrite
 * (REPLACE INTO included), the chain computed for entries from before it existed, and on
 * PostgreSQL a service role that may only SELECT and INSERT on the trail.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { connect, type Db } from '../src/db/connect.ts';
import { verifyAuditChain } from '../src/db/audit.ts';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate.ts';
import { openDatabase } from '../src/runtime.ts';
import { ChainVerifier, GENESIS_HASH, entryHash } from '../src/domain/audit-chain.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends, postgresConfigured, tempSqliteUrl } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const PG_URL = process.env.TEST_DATABASE_URL;

/** Lifts the append-only guard, as someone with the database file or the owner role could. */
async function bypassTriggers(db: Db) {
  if (db.dialect === 'sqlite') db.sqlite!.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete;');
  else await sql`alter table audit_log disable trigger user`.execute(db.kysely);
}

describe.each(backends)('audit hash chain on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 6_400_000;
  const json = (method: string, key: string, body: unknown) => ({ method, key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('stays one chain under concurrent appends, and the admin endpoint says so', async () => {
    await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => t.postManifest(manifest(`AUDIT-${i}`, [parcel(s10(serial++)), parcel(s10(serial++))]), i % 2 ? t.keys.operatorA : t.keys.operatorB)),
      ...Array.from({ length: 8 }, (_, i) => t.request('/v1/indicators/keywords', json('POST', t.keys.customs, { term: `audit-${i}`, risk: 'low' }))),
      ...Array.from({ length: 4 }, (_, i) => t.request('/v1/webhooks', json('PUT', i % 2 ? t.keys.operatorA : t.keys.rightsholder, { url: 'https://hooks.example/in' }))),
    ]);
    const count = Number((await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(count).toBeGreaterThan(36);
    const res = await t.request('/v1/audit/verify', { key: t.keys.admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, entries: count });
    for (const key of [t.keys.customs, t.keys.operatorA, t.keys.rightsholder]) expect((await t.request('/v1/audit/verify', { key })).status).toBe(403);
    // Each entry's prev_hash is the hash of the entry before it, from the genesis on.
    const rows = await db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(entryHash({ ...rows[i - 1]!, prev_hash: rows[i - 1]!.prev_hash! }));
  });

  it('names the first broken link when an entry is changed, and notices a removed last entry', async () => {
    const own = await backend.open();
    try {
      const app = await buildTestApp(own);
      for (let i = 0; i < 5; i++) await app.postManifest(manifest(`TAMPER-${i}`, [parcel(s10(serial++))]));
      const ids = (await own.kysely.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(await verifyAuditChain(own)).toMatchObject({ valid: true, entries: ids.length });
      await bypassTriggers(own);
      const victim = ids[3]!;
      await sql`update audit_log set actor = 'someone else' where id = ${victim}`.execute(own.kysely);
      const broken = await verifyAuditChain(own, 2);
      // Entries up to the changed one still link; the next one's link is the first broken.
      expect(broken).toMatchObject({ valid: false, entries: 4, firstBroken: { id: ids[4] } });
      expect(broken.valid ? '' : broken.firstBroken.reason).toContain(`entry ${victim}`);
      const body = (await (await app.request('/v1/audit/verify', { key: app.keys.admin })).json()) as { valid: boolean; firstBroken: { id: number } };
      expect(body).toMatchObject({ valid: false, firstBroken: { id: ids[4] } });

      await sql`update audit_log set actor = 'cli' where id = ${victim}`.execute(own.kysely);
      expect((await verifyAuditChain(own)).valid).toBe(true);
      await sql`delete from audit_log where id = ${ids.at(-1)!}`.execute(own.kysely);
      expect(await verifyAuditChain(own)).toMatchObject({ valid: false, firstBroken: { id: ids.at(-1), reason: expect.stringMatching(/was removed/) } });
    } finally {
      await own.close();
    }
  });

  it('computes the chain for entries written before it existed', async () => {
    // A database at the schema of migration 0007: entries without links.
    const fresh = backend.name === 'sqlite' ? await connect(tempSqliteUrl(), { sqliteSynchronous: 'NORMAL' }) : await connect(PG_URL!, { pgSchema: `t_${randomBytes(6).toString('hex')}`, pgPoolSize: 2 });
    try {
      await migrateUpTo(fresh, '0007_rescreen_jobs');
      for (let i = 0; i < 7; i++) {
        await fresh.kysely.insertInto('audit_log').values({ at: `2026-01-0${i + 1}T00:00:00.000Z`, actor: 'old', action: 'manifest.accepted', entity: 'manifest', entity_id: `m${i}`, before: null, after: JSON.stringify({ accepted: i }) } as never).execute();
      }
      await migrateToLatest(fresh);
      expect(await verifyAuditChain(fresh)).toMatchObject({ valid: true, entries: 7 });
      await expect(sql`update audit_log set actor = 'x'`.execute(fresh.kysely)).rejects.toThrow(/append-only/);
    } finally {
      if (fresh.pgSchema) await sql.raw(`drop schema "${fresh.pgSchema}" cascade`).execute(fresh.kysely);
      await fresh.close();
    }
  });
});

describe('audit trail on SQLite refuses every rewrite', () => {
  let db: Db;
  beforeAll(async () => {
    db = await connect(tempSqliteUrl(), { sqliteSynchronous: 'NORMAL' });
    await migrateToLatest(db);
    const t = await buildTestApp(db);
    await t.postManifest(manifest('REPLACE-1', [parcel(s10(6_500_001))]));
  });
  afterAll(() => db.close());

  it('refuses REPLACE INTO, INSERT OR REPLACE, upserts, UPDATE and DELETE through better-sqlite3 itself', () => {
    const raw = db.sqlite!;
    const first = raw.prepare('select * from audit_log order by id limit 1').get() as { id: number; actor: string };
    const attempts = [
      `replace into audit_log (id, at, actor, action, entity, entity_id, prev_hash) values (${first.id}, 'x', 'forger', 'a', 'e', '1', 'h')`,
      `insert or replace into audit_log (id, at, actor, action, entity, entity_id, prev_hash) values (${first.id}, 'x', 'forger', 'a', 'e', '1', 'h')`,
      `insert into audit_log (id, at, actor, action, entity, entity_id, prev_hash) values (${first.id}, 'x', 'forger', 'a', 'e', '1', 'h') on conflict (id) do update set actor = 'forger'`,
      `update or replace audit_log set actor = 'forger' where id = ${first.id}`,
      `update audit_log set actor = 'forger'`,
      `delete from audit_log where id = ${first.id}`,
    ];
    for (const statement of attempts) expect(() => raw.prepare(statement).run(), statement).toThrow(/append-only/);
    expect((raw.prepare('select actor from audit_log where id = ?').get(first.id) as { actor: string }).actor).toBe(first.actor);
  });

  it('verifies from the command line, and exits 1 naming the broken entry', async () => {
    const url = tempSqliteUrl();
    const file = await connect(url, { sqliteSynchronous: 'NORMAL' });
    await migrateToLatest(file);
    const t = await buildTestApp(file);
    for (let i = 0; i < 3; i++) await t.postManifest(manifest(`CLI-${i}`, [parcel(s10(6_600_000 + i))]));
    const cli = () => run(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', 'verify'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, REGISTRY_SEED: 'none' } });
    const ok = await cli();
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true });
    const ids = (await file.kysely.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
    await bypassTriggers(file);
    file.sqlite!.prepare('update audit_log set after = ? where id = ?').run('{"accepted":999}', ids[1]);
    await file.close();
    const failed = await cli().catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(`broken at entry ${ids[2]}`);
  });

  it('checks chains in pages the same as at once', () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, at: 'a', actor: 'b', action: 'c', entity: 'd', entity_id: String(i), before: null, after: null, prev_hash: '' }));
    let prev = GENESIS_HASH;
    for (const e of entries) (e.prev_hash = prev), (prev = entryHash(e));
    const v = new ChainVerifier();
    expect(v.step(entries.slice(0, 2)) && v.step(entries.slice(2))).toBe(true);
    expect(v.finish({ lastId: 5, lastHash: prev })).toEqual({ valid: true, entries: 5, lastId: 5, lastHash: prev });
    const inserted = new ChainVerifier();
    inserted.step([entries[0]!, { ...entries[1]!, id: 9, entity_id: 'slipped in' }, ...entries.slice(1)]);
    expect(inserted.finish({ lastId: 5, lastHash: prev })).toMatchObject({ valid: false, firstBroken: { id: 2 } });
  });
});

describe.runIf(postgresConfigured)('audit trail on PostgreSQL with an owner role and a service role', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `ps_owner_${suffix}`;
  const service = `ps_app_${suffix}`;
  const schema = `ps_roles_${suffix}`;
  const urlFor = (role: string) => {
    const u = new URL(PG_URL!);
    u.username = role;
    u.password = '';
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };
  let admin: pg.Client;
  let db: Db;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create role ${owner} login; create role ${service} login; create schema ${schema} authorization ${owner}`);
    db = await openDatabase(loadConfig({ DATABASE_URL: urlFor(service), MIGRATION_DATABASE_URL: urlFor(owner), PG_POOL_SIZE: '4' }));
  });
  afterAll(async () => {
    await db?.close();
    await admin.query(`drop schema if exists ${schema} cascade; drop owned by ${service}; drop role if exists ${service}; drop owned by ${owner}; drop role if exists ${owner}`);
    await admin.end();
  });

  it('lets the service work while its role cannot truncate, update, delete or disable the triggers of the trail', async () => {
    expect((await sql<{ r: string }>`select current_user as r`.execute(db.kysely)).rows[0]!.r).toBe(service);
    expect((await sql<{ o: string }>`select tableowner as o from pg_tables where schemaname = ${schema} and tablename = 'audit_log'`.execute(db.kysely)).rows[0]!.o).toBe(owner);
    const t = await buildTestApp(db);
    expect((await t.postManifest(manifest('ROLES-1', [parcel(s10(6_700_001))]))).status).toBe(202);
    const keyword = await t.request('/v1/indicators/keywords', { method: 'POST', key: t.keys.customs, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ term: 'roles', risk: 'low' }) });
    expect(keyword.status).toBe(201);
    for (const statement of ['truncate audit_log', "update audit_log set actor = 'x'", 'delete from audit_log', 'alter table audit_log disable trigger all', 'drop trigger audit_log_no_change on audit_log']) {
      await expect(sql.raw(statement).execute(db.kysely), statement).rejects.toThrow(/permission denied|must be owner/);
    }
    // Granting itself more is a no-op with a warning, not an error: the privilege stays absent.
    await sql.raw(`grant update, delete, truncate on audit_log to ${service}`).execute(db.kysely);
    const privileges = await sql<{ p: boolean }>`select has_table_privilege('audit_log', p) as p from unnest(array['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) as p`.execute(db.kysely);
    expect(privileges.rows.map((r) => r.p)).toEqual([false, false, false, false]);
    const allowed = await sql<{ p: boolean }>`select has_table_privilege('audit_log', p) as p from unnest(array['SELECT', 'INSERT']) as p`.execute(db.kysely);
    expect(allowed.rows.map((r) => r.p)).toEqual([true, true]);
    expect(await verifyAuditChain(db)).toMatchObject({ valid: true });
    expect(((await (await t.request('/v1/audit/verify', { key: t.keys.admin })).json()) as { valid: boolean }).valid).toBe(true);
  });
});
