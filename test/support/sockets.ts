/**
 * Raw TCP clients for tests of the HTTP server's own limits: idle connections, slow senders,
 * connections from other loopback addresses (Linux answers on all of 127.0.0.0/8).
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { startServer, type RunningServer } from '../../bench/lib/server.ts';
import { prepareDatabase, type RoleKeys } from '../../bench/lib/keys.ts';
import { tempSqliteUrl } from './db.ts';

/** A real server on a fresh SQLite file, no registry, no screening, with `env` on top; and its keys. */
export async function startLimitedServer(env: Record<string, string>): Promise<{ server: RunningServer; keys: RoleKeys }> {
  const url = tempSqliteUrl();
  const keys = await prepareDatabase(url);
  const server = await startServer({ DATABASE_URL: url, REGISTRY_SEED: 'none', SCREENING_THREADS: '0', ...env });
  return { server, keys };
}

/** Writes the head of a manifest upload whose body is to follow (`length` bytes). */
export function writeUploadHead(client: RawClient, key: string, length: number, close = false): void {
  client.socket.write(
    `POST /v1/manifests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`,
  );
}

export interface RawClient {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  closed(): boolean;
  /** Resolves when the server closes the connection, with what it sent; rejects after `ms`. */
  untilClosed(ms: number): Promise<string>;
}

export function rawClient(url: string, localAddress = '127.0.0.1'): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    let data = '';
    let isClosed = false;
    const waiters: (() => void)[] = [];
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      isClosed = true;
      for (const w of waiters) w();
    });
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        closed: () => isClosed,
        untilClosed: (ms) =>
          new Promise((res, rej) => {
            if (isClosed) return res(data);
            const timer = setTimeout(() => rej(new Error(`still open after ${ms} ms; received: ${data.slice(0, 200)}`)), ms);
            waiters.push(() => {
              clearTimeout(timer);
              res(data);
            });
          }),
      }),
    );
    socket.once('error', reject);
  });
}

/** Closes every client and gives the server a moment to see the connections go. */
export async function closeAll(clients: RawClient[]): Promise<void> {
  for (const c of clients) c.socket.destroy();
  clients.length = 0;
  await new Promise((r) => setTimeout(r, 100));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request on a fresh connection (no keep-alive), timed; `localAddress` picks the client's address. */
export function timedRequest(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<{ status: number; ms: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: options.method ?? 'GET', headers: options.headers, agent: false, localAddress: options.localAddress }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - started, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
