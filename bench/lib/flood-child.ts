/**
 * A child process that floods a server, run by bench/flood.ts (several at a time: one process may
 * hold only `ulimit -n` sockets, and the flood's CPU must not distort the parent's probes).
 *
 *   node --import tsx bench/lib/flood-child.ts idle <url> <count> <first> <addresses> <seconds> <reopen ms>
 *     opens `count` idle connections (never a byte sent) from loopback addresses 127.0.0.<first>
 *     onwards (`addresses` of them), and holds them; one the server closes is opened again after
 *     `reopen ms` (0: never);
 *   node --import tsx bench/lib/flood-child.ts requests <url> <path> <key|bad> <connections> <address> <seconds>
 *     sends GET `path` as fast as the server answers on `connections` keep-alive connections from
 *     127.0.0.<address>, with the key (or a new made-up key each time: `bad`).
 *
 * Prints one JSON line of counts when done.
 */
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

const [mode, url, ...args] = process.argv.slice(2);
const { hostname, port } = new URL(url!);

function idle(count: number, first: number, addresses: number, seconds: number, reopenMs: number) {
  const until = Date.now() + seconds * 1000;
  const counts = { attempts: 0, connected: 0, refused503: 0, closedWithoutAnswer: 0, connectErrors: 0, openAtEnd: 0 };
  const sockets = new Set<Socket>();
  const MAX_CONNECTING = 500;
  const queue: number[] = [];
  let connecting = 0;
  const next = () => {
    while (connecting < MAX_CONNECTING && queue.length > 0) attempt(queue.shift()!);
  };
  function attempt(slot: number) {
    if (Date.now() > until) return;
    if (connecting >= MAX_CONNECTING) return void queue.push(slot);
    connecting++;
    counts.attempts++;
    const socket = connect({ host: hostname, port: Number(port), localAddress: `127.0.0.${first + (slot % addresses)}` });
    sockets.add(socket);
    let connected = false;
    let answered = false;
    socket.on('connect', () => {
      connected = true;
      connecting--;
      counts.connected++;
      next();
    });
    socket.on('data', (d: Buffer) => {
      if (!answered && d.toString('latin1', 0, 12) === 'HTTP/1.1 503') counts.refused503++;
      answered = true;
    });
    socket.on('error', () => {
      if (!connected) counts.connectErrors++;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (connected && !answered) counts.closedWithoutAnswer++;
      if (!connected) {
        connecting--;
        next();
      }
      if (reopenMs > 0 && Date.now() < until) setTimeout(() => attempt(slot), reopenMs);
    });
  }
  for (let slot = 0; slot < count; slot++) attempt(slot);
  setTimeout(() => {
    counts.openAtEnd = [...sockets].filter((s) => !s.connecting && !s.destroyed).length;
    finish(counts, () => sockets.forEach((s) => s.destroy()));
  }, seconds * 1000);
}

function requests(path: string, key: string, connections: number, address: number, seconds: number) {
  const until = Date.now() + seconds * 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: connections, localAddress: `127.0.0.${address}` } as ConstructorParameters<typeof Agent>[0]);
  const statuses: Record<string, number> = {};
  const count = (s: string) => (statuses[s] = (statuses[s] ?? 0) + 1);
  const once = () =>
    new Promise<void>((resolve) => {
      const token = key === 'bad' ? `psk_${randomBytes(24).toString('base64url')}` : key;
      const req = request(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => (count(String(res.statusCode)), resolve()));
      });
      req.on('error', (err: NodeJS.ErrnoException) => (count(err.code ?? 'error'), resolve()));
      req.end();
    });
  const loops = Array.from({ length: connections }, async () => {
    while (Date.now() < until) await once();
  });
  void Promise.all(loops).then(() => finish({ statuses }, () => agent.destroy()));
}

function finish(counts: object, cleanup: () => void) {
  process.stdout.write(`${JSON.stringify(counts)}\n`, () => {
    cleanup();
    process.exit(0);
  });
}

if (mode === 'idle') idle(Number(args[0]), Number(args[1]), Number(args[2]), Number(args[3]), Number(args[4]));
else if (mode === 'requests') requests(args[0]!, args[1]!, Number(args[2]), Number(args[3]), Number(args[4]));
else throw new Error(`unknown mode ${mode}`);
