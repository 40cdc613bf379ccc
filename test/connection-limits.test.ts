/**
 * The HTTP server's own limits, on a real server: the connection cap (scaled down to 50) with its
 * clear refusal and room made from idle connections, the per-address cap, the header timeout and
 * the minimum body rate.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../bench/lib/server.ts';
import type { RoleKeys } from '../bench/lib/keys.ts';
import { freshManifest } from '../bench/lib/write-endpoints.ts';
import { closeAll, rawClient, sleep, startLimitedServer, timedRequest, writeUploadHead, type RawClient } from './support/sockets.ts';

const CAP = 50;
const PER_ADDRESS = 20;

/** A manifest upload that stays in flight: headers and a little of a body it never finishes. */
async function stalledUpload(url: string, key: string, localAddress: string): Promise<RawClient> {
  const client = await rawClient(url, localAddress);
  writeUploadHead(client, key, 100_000);
  client.socket.write('{"manifestRef":');
  return client;
}

describe('connection cap', () => {
  let server: RunningServer;
  let keys: RoleKeys;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    ({ server, keys } = await startLimitedServer({ MAX_CONNECTIONS: String(CAP), MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) }));
  }, 60_000);
  afterAll(() => server?.stop());
  afterEach(() => closeAll(clients));

  it('keeps /healthz and filings answering while idle connections fill the cap, closing the oldest idle ones', async () => {
    // 60 idle connections from four addresses (15 each: under the per-address cap): 10 over the cap.
    for (let i = 0; i < 60; i++) clients.push(await rawClient(server.url, `127.0.0.${2 + (i % 4)}`));
    await sleep(200);
    const refused = clients.filter((c) => c.closed());
    expect(refused.length).toBe(10);
    for (const c of refused) {
      expect(c.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      expect(c.received()).toContain('Retry-After: 1');
      expect(c.received()).toContain('"code":"too_many_connections"');
    }
    // Once the idle connections are older than the grace (1 s), newcomers take their places.
    await sleep(1100);
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const health = await timedRequest(server.url, '/healthz');
      expect(health.status).toBe(200);
      latencies.push(health.ms);
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
    const filing = await timedRequest(server.url, '/v1/manifests', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.operatorB}`, 'content-type': 'application/json' },
      body: JSON.stringify(freshManifest(2)),
    });
    expect(filing.status).toBe(202);
    // The first of those requests closed the oldest idle connection to get in; later ones got in
    // where the one before had left (or closed another idle one if they came first).
    const closed = clients.filter((c) => c.closed());
    expect(closed.length).toBeGreaterThan(10);
    expect(closed.length).toBeLessThanOrEqual(10 + 21);
    expect(closed.filter((c) => !refused.includes(c))[0]).toBe(clients.find((c) => !refused.includes(c)));
  });

  it('answers 503 on the raw socket when every connection has a request in flight', async () => {
    for (let i = 0; i < CAP; i++) clients.push(await stalledUpload(server.url, keys.operatorA, `127.0.0.${2 + (i % 5)}`));
    await sleep(1200);
    expect(clients.filter((c) => c.closed())).toEqual([]);
    const late = await rawClient(server.url, '127.0.0.9');
    clients.push(late);
    const answer = await late.untilClosed(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toContain('the server has 50 connections open');
    await closeAll(clients);
    expect((await timedRequest(server.url, '/healthz')).status).toBe(200);
  });

  it('confines an address to its own cap: its surplus is refused, other addresses are not', async () => {
    for (let i = 0; i < PER_ADDRESS + 5; i++) clients.push(await stalledUpload(server.url, keys.operatorA, '127.0.0.7'));
    await sleep(200);
    const refused = clients.filter((c) => c.closed());
    expect(refused.length).toBe(5);
    expect(refused[0]!.received()).toContain(`your address has ${PER_ADDRESS} connections open`);
    expect((await timedRequest(server.url, '/healthz', { localAddress: '127.0.0.8' })).status).toBe(200);
  });

  it('lets an address replace its own oldest idle connection once the grace is over', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) clients.push(await rawClient(server.url, '127.0.0.6'));
    await sleep(1100);
    const health = await timedRequest(server.url, '/healthz', { localAddress: '127.0.0.6' });
    expect(health.status).toBe(200);
    await sleep(100);
    expect(clients.filter((c) => c.closed())).toEqual([clients[0]]);
  });
});

describe('header and body timeouts', () => {
  let server: RunningServer;
  let keys: RoleKeys;
  beforeAll(async () => {
    ({ server, keys } = await startLimitedServer({ HEADERS_TIMEOUT_MS: '1000', BODY_GRACE_MS: '1000', BODY_MIN_BYTES_PER_SECOND: '2000' }));
  }, 60_000);
  afterAll(() => server?.stop());

  it('cuts a client that sends its headers slowly', async () => {
    const client = await rawClient(server.url);
    const started = Date.now();
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => client.socket.writable && client.socket.write('X-Slow: y\r\n'), 200);
    try {
      const answer = await client.untilClosed(5000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // 1 s of timeout, checked every second.
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      clearInterval(trickle);
    }
  });

  it('cuts a body that arrives slower than the minimum rate, with a 408 naming it', async () => {
    const body = JSON.stringify(freshManifest(20));
    const client = await rawClient(server.url);
    const started = Date.now();
    writeUploadHead(client, keys.operatorA, body.length);
    let sent = 0;
    // 200 bytes/s against a minimum of 2,000.
    const trickle = setInterval(() => {
      if (client.socket.writable && sent < body.length) client.socket.write(body.slice(sent, (sent += 100)));
    }, 500);
    try {
      const answer = await client.untilClosed(8000);
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
      expect(answer).toContain('"code":"request_timeout"');
      expect(answer).toContain('2000 bytes per second');
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      clearInterval(trickle);
    }
  });

  it('takes a body that keeps up with the minimum rate however long it takes', async () => {
    const body = JSON.stringify(freshManifest(12));
    const client = await rawClient(server.url);
    writeUploadHead(client, keys.operatorA, body.length, true);
    // About 3,000 bytes/s for ~3 s: longer than the grace, faster than the minimum.
    const chunk = Math.ceil(body.length / 10);
    for (let at = 0; at < body.length; at += chunk) {
      client.socket.write(body.slice(at, at + chunk));
      await sleep(300);
    }
    expect(body.length / 3).toBeGreaterThan(2000);
    const answer = await client.untilClosed(5000);
    expect(answer).toMatch(/^HTTP\/1\.1 202/);
    expect(answer).toContain('"accepted":12');
  });
});
