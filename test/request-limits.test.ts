/**
 * The application's limits on requests: a body size per endpoint (only manifests and registry
 * imports large), nesting depth refused with a 400 on every JSON endpoint (small bodies parsed
 * inline, large ones in the ingest worker), the memory of bodies in flight, requests per key and
 * failed authentications per client address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../bench/lib/server.ts';
import type { RoleKeys } from '../bench/lib/keys.ts';
import { freshManifest, prepareWriteEndpoints, type WriteEndpoint } from '../bench/lib/write-endpoints.ts';
import { sleep, startLimitedServer, timedRequest } from './support/sockets.ts';
import { CSV_COLUMNS } from '../src/domain/manifest-csv.ts';

const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

/**
 * A valid body with one more field holding `levels` nested arrays (written as text: JSON.stringify
 * recurses), and `padding` characters of text, which take a body past 16 KB into the worker.
 */
function withDeepField(valid: unknown, levels: number, padding = 0): string {
  return `${JSON.stringify(valid).slice(0, -1)},"pad":"${'p'.repeat(padding)}","deep":${'['.repeat(levels)}"deep"${']'.repeat(levels)}}`;
}

describe('bodies and nesting on a real server', () => {
  let server: RunningServer;
  let keys: RoleKeys;
  let endpoints: WriteEndpoint[];
  beforeAll(async () => {
    ({ server, keys } = await startLimitedServer({ MAX_BODY_BYTES_IN_FLIGHT: String(4 * 1024 * 1024) }));
    endpoints = await prepareWriteEndpoints(server.url, keys);
  }, 60_000);
  afterAll(() => server?.stop());

  it('answers 413 naming the limit for a 2 MB body on a small endpoint, and files a 2 MB manifest', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const application = await timedRequest(server.url, '/v1/applications', {
      method: 'POST',
      headers: json(keys.rightsholder),
      body: JSON.stringify({ holder: { name: 'ACME', contact: big } }),
    });
    expect(application.status).toBe(413);
    expect(JSON.parse(application.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(application.body).toContain('larger than 1048576 bytes, the limit of POST /v1/applications');
    const amendment = endpoints.find((e) => e.name === 'amend parcel')!;
    const amended = await timedRequest(server.url, amendment.path, { method: 'PUT', headers: json(keys.operatorA), body: JSON.stringify({ itemId: big }) });
    expect(amended.status).toBe(413);

    const manifest = JSON.stringify(freshManifest(4400));
    expect(manifest.length).toBeGreaterThan(2 * 1024 * 1024);
    const filed = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: json(keys.operatorA), body: manifest });
    expect(filed.status).toBe(202);
    expect(JSON.parse(filed.body)).toMatchObject({ accepted: 4400 });
  });

  it('answers 400 too_deep, never a 500, on every JSON endpoint, inline and in the worker', async () => {
    for (const endpoint of endpoints) {
      // 8,000 levels in 16 KB (read inline); 1,000 levels in a 40 KB body (read in the ingest worker).
      for (const [levels, padding] of [[8_000, 0], [1_000, 40_000]] as const) {
        const body = withDeepField(endpoint.valid(), levels, padding);
        const res = await timedRequest(server.url, endpoint.path, { method: endpoint.method, headers: json(endpoint.key), body });
        expect(res.status, `${endpoint.name} at ${levels} levels: ${res.body}`).toBe(400);
        expect(JSON.parse(res.body), endpoint.name).toMatchObject({ error: { code: 'too_deep' } });
        expect(res.body).toContain('deeper than 64 levels');
      }
    }
  }, 60_000);

  it('refuses before parsing a body denser in arrays and objects than its size allows, with 400 too_complex', async () => {
    // 60,000 nested levels in 120 KB, and a flat 5 MB list of empty arrays: one per 3 and 2 bytes.
    const flat = `{"manifestRef":"X","parcels":[${Array(1_700_000).fill('[]').join(',')}]}`;
    for (const [endpoint, body] of [
      [endpoints.find((e) => e.name === 'lodge application')!, withDeepField(endpoints[0]!.valid(), 60_000)],
      [endpoints.find((e) => e.name === 'file manifest')!, withDeepField(endpoints[0]!.valid(), 60_000)],
      [endpoints.find((e) => e.name === 'file manifest')!, flat],
      [endpoints.find((e) => e.name === 'import registry')!, flat],
    ] as const) {
      const res = await timedRequest(server.url, endpoint.path, { method: endpoint.method, headers: json(endpoint.key), body });
      expect(res.status, `${endpoint.name}: ${res.body}`).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_complex' } });
    }
    // A CSV manifest of more lines than 10 per parcel of the largest manifest (10,000 parcels).
    const csv = `${CSV_COLUMNS.join(',')}\n${`${','.repeat(CSV_COLUMNS.length - 1)}\n`.repeat(100_001)}`;
    const res = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: { ...json(keys.operatorA), 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_complex', message: expect.stringContaining('more than 100001 lines') } });
  }, 60_000);

  it('refuses a body with 503 and Retry-After while other bodies fill the memory budget', async () => {
    // A 3 MB manifest upload in flight (its body arriving slowly) takes 3 MB of the 4 MB budget.
    const { request } = await import('node:http');
    const body = JSON.stringify(freshManifest(6600));
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const slow = request(`${server.url}/v1/manifests`, { method: 'POST', headers: { ...json(keys.operatorA), 'content-length': String(Buffer.byteLength(body)) } });
    const slowAnswer = new Promise<number>((resolve) => slow.on('response', (res) => (res.resume(), resolve(res.statusCode!))));
    slow.write(body.slice(0, 1000));
    await sleep(300);
    const refused = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: json(keys.operatorB), body: JSON.stringify(freshManifest(3000)) });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'bodies_in_flight' } });
    // Small bodies still fit.
    const small = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: json(keys.operatorB), body: JSON.stringify(freshManifest(2)) });
    expect(small.status).toBe(202);
    slow.end(body.slice(1000));
    expect(await slowAnswer).toBe(202);
    const after = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: json(keys.operatorB), body: JSON.stringify(freshManifest(3000)) });
    expect(after.status).toBe(202);
  });
});

describe('rates on a real server', () => {
  let server: RunningServer;
  let keys: RoleKeys;
  let manifestId: string;
  beforeAll(async () => {
    ({ server, keys } = await startLimitedServer({ RATE_LIMIT_OPERATOR: '10', RATE_LIMIT_BURST_SECONDS: '1', AUTH_FAILURES_PER_MINUTE: '5' }));
    const filed = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: json(keys.operatorA), body: JSON.stringify(freshManifest(1)) });
    manifestId = (JSON.parse(filed.body) as { manifestId: string }).manifestId;
  }, 60_000);
  afterAll(() => server?.stop());

  it('answers 429 with Retry-After to a key over its rate while another key keeps working', async () => {
    await sleep(1100); // the bucket refills after the set-up's request
    const flood = await Promise.all(
      Array.from({ length: 40 }, () => timedRequest(server.url, `/v1/manifests/${manifestId}`, { headers: { authorization: `Bearer ${keys.operatorA}` } })),
    );
    const limited = flood.filter((r) => r.status === 429);
    // A burst of 10 (one second at 10/s) plus what refills while the 40 are answered.
    expect(flood.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(10);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(limited[0]!.headers['retry-after']).toBe('1');
    expect(JSON.parse(limited[0]!.body)).toMatchObject({ error: { code: 'rate_limited' } });
    for (let i = 0; i < 5; i++) {
      const other = await timedRequest(server.url, `/v1/manifests/${manifestId}`, { headers: { authorization: `Bearer ${keys.operatorB}` } });
      expect(other.status).toBe(404); // operator B cannot see A's manifest, and is not limited
      const filing = await timedRequest(server.url, '/v1/manifests', { method: 'POST', headers: json(keys.operatorB), body: JSON.stringify(freshManifest(1)) });
      expect(filing.status).toBe(202);
    }
    await sleep(1100);
    expect((await timedRequest(server.url, `/v1/manifests/${manifestId}`, { headers: { authorization: `Bearer ${keys.operatorA}` } })).status).toBe(200);
  });

  it('answers 429 to an address after its failed authentications, without locking out valid keys or other addresses', async () => {
    const bad = { authorization: 'Bearer psk_not-a-key' };
    // A valid key used from this address before the failures is known to be valid.
    expect((await timedRequest(server.url, '/v1/registry/versions', { headers: { authorization: `Bearer ${keys.customs}` } })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await timedRequest(server.url, '/v1/registry/versions', { headers: i % 2 ? bad : {} })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    const limited = await timedRequest(server.url, '/v1/registry/versions', { headers: bad });
    // One failure comes back every 12 s at 5 a minute (less the seconds the refusals were held).
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(12);
    expect(JSON.parse(limited.body)).toMatchObject({ error: { code: 'too_many_failed_authentications' } });
    expect((await timedRequest(server.url, '/v1/registry/versions', { headers: { authorization: `Bearer ${keys.customs}` } })).status).toBe(200);
    expect((await timedRequest(server.url, '/v1/registry/versions', { headers: bad, localAddress: '127.0.0.2' })).status).toBe(401);
  });
});
