/**
 * Item 9 of the review: CSV exports cannot smuggle spreadsheet formulas, a manifest whose parcels
 * were all filed before leaves no empty row behind, and a client that hangs up mid-upload is a
 * debug line with its request id, not an unhandled error.
 */
import { serve } from '@hono/node-server';
import { connect as netConnect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { BacklogGauge } from '../src/backlog.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { createManifestReader } from '../src/ingest/manifest-reader.ts';
import { createMetrics } from '../src/metrics.ts';
import { csvCell, toCsv } from '../src/http/csv.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { backends } from './support/db.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

describe('CSV cells', () => {
  it('escapes what a spreadsheet would read as a formula, quotes what CSV needs quoted, and leaves numbers alone', () => {
    expect(['=Zorblax', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=Zorblax", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('Nike, Inc.')).toBe('"Nike, Inc."');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(toCsv([['a', 'b'], ['=1', 2]])).toBe("a,b\n'=1,2\n");
  });
});

describe.each(backends)('exports and edge cases on $name', (backend) => {
  let db: Db;
  let t: TestApp;
  let serial = 8_100_000;

  beforeAll(async () => {
    db = await backend.open();
    t = await buildTestApp(db);
  });
  afterAll(() => db.close());

  it('writes formula-leading marks in /v1/stats.csv as text', async () => {
    const list = [parcel(s10(serial++)), parcel(s10(serial++))];
    await t.postManifest(manifest('CSV-INJ', list));
    await db.kysely.updateTable('parcels').set({ status: 'screened', decision: 'hold', risk_score: 90, marks: '=Zorblax,@SUM(A1)' }).where('item_id', 'in', list.map((p) => p.itemId)).execute();
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const csv = await (await t.request(`/v1/stats.csv?from=${from}&to=${to}&groupBy=mark`, { key: t.keys.customs })).text();
    const lines = csv.trim().split('\n');
    expect(lines).toContain("'=Zorblax,2,49.8");
    expect(lines).toContain("'@SUM(A1),2,49.8");
    expect(lines.slice(1).every((l) => !/^[=+\-@\t\r]/.test(l))).toBe(true);
  });

  it('stores no manifest row for a new manifest whose parcels were all filed before, and audits what it stores', async () => {
    const list = [parcel(s10(serial++)), parcel(s10(serial++))];
    const first = await t.postManifest(manifest('ALL-DUP-A', list));
    expect(first.status).toBe(202);
    const manifestsBefore = await db.kysely.selectFrom('manifests').select('id').execute();
    const auditBefore = await db.kysely.selectFrom('audit_log').select('id').execute();
    const again = await t.postManifest(manifest('ALL-DUP-B', list));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ manifestId: null, statusUrl: null, accepted: 0, duplicates: [{ index: 0 }, { index: 1 }] });
    expect(await db.kysely.selectFrom('manifests').select('id').execute()).toHaveLength(manifestsBefore.length);
    expect(await db.kysely.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
    // Resending the stored one still names it; a manifest with one new parcel is stored and audited.
    expect(await (await t.postManifest(manifest('ALL-DUP-A', list))).json()).toMatchObject({ manifestId: ((await first.json()) as { manifestId: string }).manifestId, accepted: 0 });
    const mixed = (await (await t.postManifest(manifest('ALL-DUP-C', [...list, parcel(s10(serial++))]))).json()) as { manifestId: string; accepted: number };
    expect(mixed.accepted).toBe(1);
    const audited = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'manifest.accepted').where('entity_id', '=', mixed.manifestId).execute();
    expect(audited.map((a) => JSON.parse(a.after!) as unknown)).toEqual([{ manifestRef: 'ALL-DUP-C', accepted: 1 }]);
  });
});

describe('a client that disconnects mid-upload', () => {
  it('is logged at debug with its request id, not as an unhandled error, and the server goes on', async () => {
    const { connect } = await import('../src/db/connect.ts');
    const { migrateToLatest } = await import('../src/db/migrate.ts');
    const db = await connect('sqlite::memory:');
    await migrateToLatest(db);
    const { key } = await createApiKey(db, { role: 'operator', operatorCode: 'ABORT' });
    const lines: { level: number; msg: string; requestId?: string }[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString()) as never), done()) }));
    const app = createApp({ db, config: loadConfig({}), logger, metrics: createMetrics(), backlog: new BacklogGauge(async () => 0, { refreshMs: 0, countShare: null }), reader: createManifestReader(0) });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      for (const path of ['/v1/manifests', '/v1/indicators/keywords']) {
        const sock = netConnect(port, '127.0.0.1');
        await new Promise((r) => sock.once('connect', r));
        sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"manifestRef":"HALF`);
        await new Promise((r) => setTimeout(r, 150));
        sock.destroy();
      }
      const deadline = Date.now() + 3000;
      while (!lines.some((l) => l.msg.includes('client disconnected')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const disconnected = lines.filter((l) => l.msg.includes('client disconnected'));
      expect(disconnected.length).toBeGreaterThanOrEqual(1);
      expect(disconnected.every((l) => l.level === 20 && typeof l.requestId === 'string')).toBe(true);
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      server.close();
      await db.close();
    }
  });
});
