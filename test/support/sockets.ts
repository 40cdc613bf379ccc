/**
 * Raw TCP clients for tests of the HTTP server's own limits: idle connections, slow senders,
 * connections from other loopback addresses (Linux answers on all of 127.0.0.0/8).
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

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
