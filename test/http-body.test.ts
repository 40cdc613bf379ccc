/**
 * Request bodies through a real server (node-server, not app.request): a declared
 * Content-Length is checked without reading the body, a chunked upload is counted as it is
 * read, and both paths deliver the whole body to the route.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiKey } from '../src/db/api-keys.ts';
import { tempSqliteUrl } from './support/db.ts';
import { manifest, parcels } from './support/fixtures.ts';
import { startServer, type RunningServer } from '../bench/lib/server.ts';

const LIMIT = 8 * 1024;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  const url = tempSqliteUrl();
  const db = await connect(url);
  await migrateToLatest(db);
  key = (await createApiKey(db, { role: 'operator', operatorCode: 'BODY' })).key;
  await db.close();
  server = await startServer({ DATABASE_URL: url, MAX_BODY_BYTES: String(LIMIT), REGISTRY_SEED: 'none', SCREENING_THREADS: '0' });
}, 60_000);
afterAll(() => server?.stop());

/** POSTs `body` in chunks, declaring its length or not (then Transfer-Encoding: chunked). */
function post(body: string, declareLength: boolean): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const req = request(`${server.url}/v1/manifests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': bytes.length } : {}),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
    for (let at = 0; at < bytes.length; at += 1000) req.write(bytes.subarray(at, at + 1000));
    req.end();
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
});
