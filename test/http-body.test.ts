/**
 * Request bodies through a real server (node-server, not app.request): a declared
 * Content-Length is checked without reading the body, a chunked upload is counted byte by byte as
 * it is read (each endpoint's own limit), both paths deliver the whole body to the route, and a
 * chunked upload holds its place in the budget of bodies in flight while it is read.
 */
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { tempSqliteUrl } from './support/db.ts';
import { manifest, parcels } from './support/fixtures.ts';
import { startServer, type RunningServer } from '../bench/lib/server.ts';

const LIMIT = 8 * 1024;
const JSON_LIMIT = 2 * 1024;
let server: RunningServer;
let key: string;
let customsKey: string;
let adminKey: string;
let url: string;

beforeAll(async () => {
  url = tempSqliteUrl();
  const db = await connect(url);
  await migrateToLatest(db);
  key = (await createApiKey(db, { role: 'operator', operatorCode: 'BODY' })).key;
  customsKey = (await createApiKey(db, { role: 'customs' })).key;
  adminKey = (await createApiKey(db, { role: 'admin' })).key;
  await db.close();
  server = await startServer({ DATABASE_URL: url, MAX_BODY_BYTES: String(LIMIT), MAX_JSON_BODY_BYTES: String(JSON_LIMIT), REGISTRY_SEED: 'none', SCREENING_THREADS: '0' });
}, 60_000);
afterAll(() => server?.stop());

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** POSTs `body` in chunks, declaring its length or not (then Transfer-Encoding: chunked). */
function post(body: string, declareLength: boolean, path = '/v1/manifests', bearer = key, base = server.url): Promise<Answer> {
  const upload = startUpload(path, bearer, base, declareLength ? Buffer.byteLength(body) : null);
  upload.send(body);
  return upload.finish();
}

/** An upload sent piece by piece when the caller says: `finish()` ends it and waits for the answer. */
function startUpload(path: string, bearer: string, base: string, length: number | null): { send(part: string): void; finish(): Promise<Answer>; answered: Promise<Answer> } {
  let req!: ReturnType<typeof request>;
  const answered = new Promise<Answer>((resolve, reject) => {
    req = request(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        ...(length !== null ? { 'content-length': length } : {}),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
  });
  return {
    answered,
    send(part) {
      const bytes = Buffer.from(part);
      for (let at = 0; at < bytes.length; at += 1000) req.write(bytes.subarray(at, at + 1000));
    },
    finish() {
      req.end();
      return answered;
    },
  };
}

/** Sends raw bytes on a new connection and returns the status line the server answers with. */
function rawStatus(head: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(server.url);
    const socket = connectTcp(Number(port), '127.0.0.1');
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) {
        resolve(got.slice(0, got.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(got.slice(0, Math.max(0, got.indexOf('\r\n'))) || '(closed)'));
    socket.write(head + body);
  });
}

const small = (ref: string, first: number) => JSON.stringify(manifest(ref, parcels(5, first)));
const big = (ref: string, first: number) => JSON.stringify(manifest(ref, parcels(40, first)));

describe('request bodies on a real server', () => {
  it('files a body with a declared length and a chunked one, whole', async () => {
    expect(small('A', 1).length).toBeLessThan(LIMIT);
    const declared = await post(small('DECLARED', 1), true);
    expect(declared).toMatchObject({ status: 202, json: { accepted: 5 } });
    const chunked = await post(small('CHUNKED', 101), false);
    expect(chunked).toMatchObject({ status: 202, json: { accepted: 5 } });
  });

  it('answers 413 over the limit, declared or chunked', async () => {
    expect(big('B', 1).length).toBeGreaterThan(LIMIT);
    const declared = await post(big('BIG-DECLARED', 1001), true);
    expect(declared).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
    const chunked = await post(big('BIG-CHUNKED', 2001), false);
    expect(chunked).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
  });

  it('counts a chunked body against its own endpoint’s limit: a registry import, a 2 KB indicator', async () => {
    const bundle = (marks: number) => JSON.stringify({ applications: Array.from({ length: marks }, (_, i) => ({ id: `APP-C${i}`, holder: { name: `Holder ${i}` }, trademarks: [{ mark: `Chunkmark${i}`, hsCodes: ['64'] }], validFrom: '2020-01-01', validUntil: '2099-01-01' })) });
    expect(bundle(20).length).toBeLessThan(LIMIT);
    expect(bundle(200).length).toBeGreaterThan(LIMIT);
    const imported = await post(bundle(20), false, '/v1/registry/import', adminKey);
    expect(imported).toMatchObject({ status: 200, json: { applications: 20 } });
    expect(await post(bundle(200), false, '/v1/registry/import', adminKey)).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });

    const keyword = (term: string) => JSON.stringify({ term, risk: 'low' });
    expect(await post(keyword('chunked'), false, '/v1/indicators/keywords', customsKey)).toMatchObject({ status: 201, json: { term: 'chunked' } });
    // Over the 2 KB limit of every endpoint but manifests and imports, though far under theirs.
    const tooLarge = await post(keyword('x'.repeat(3000)), false, '/v1/indicators/keywords', customsKey);
    expect(tooLarge.status).toBe(413);
    expect(String((tooLarge.json.error as { message: string }).message)).toContain(`${JSON_LIMIT} bytes`);
  });

  it('does not take a Content-Length beside Transfer-Encoding: chunked as the body’s length', async () => {
    const body = JSON.stringify(manifest('SMUGGLED', parcels(40, 3001)));
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const status = await rawStatus(`POST /v1/manifests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n`, chunked);
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect((await fetch(`${server.url}/healthz`)).ok).toBe(true);
  });
});

describe('a chunked upload in the budget of bodies in flight', () => {
  let small: RunningServer;
  beforeAll(async () => {
    // The budget holds one body at the limit: while a chunked manifest is read, it holds it all.
    small = await startServer({ DATABASE_URL: url, MAX_BODY_BYTES: String(LIMIT), MAX_BODY_BYTES_IN_FLIGHT: String(LIMIT), REGISTRY_SEED: 'none', SCREENING_THREADS: '0' });
  }, 60_000);
  afterAll(() => small?.stop());

  it('holds its endpoint’s limit while it is read, so another body is refused with 503 until it is done, then taken', async () => {
    const body = JSON.stringify(manifest('SLOW-CHUNKED', parcels(5, 4001)));
    const upload = startUpload('/v1/manifests', key, small.url, null);
    upload.send(body.slice(0, 100));
    // The upload's headers are through authentication and into the budget once its request is seen.
    await new Promise((r) => setTimeout(r, 500));
    const other = await post(JSON.stringify(manifest('WAITING', parcels(5, 4101))), true, '/v1/manifests', key, small.url);
    expect(other).toMatchObject({ status: 503, json: { error: { code: 'bodies_in_flight' } } });
    upload.send(body.slice(100));
    expect(await upload.finish()).toMatchObject({ status: 202, json: { accepted: 5 } });
    expect(await post(JSON.stringify(manifest('WAITING', parcels(5, 4101))), true, '/v1/manifests', key, small.url)).toMatchObject({ status: 202, json: { accepted: 5 } });
  });
});
