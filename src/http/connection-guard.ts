/**
 * A cap on open connections, overall and per client address, that refuses clearly and keeps room
 * for clients that have something to say.
 *
 * Every connection holds a file descriptor: ~19,900 idle connections once exhausted the process's
 * 20,000 and `/healthz` and valid filings were refused for 30 s. Node's `server.maxConnections`
 * only closes new sockets silently. Here, a new connection over a cap first makes room by closing
 * an idle one — one between two requests of a keep-alive client, else one that has sent no
 * request for `waitingGraceMs` — oldest first; when every connection has a request in flight, the
 * new one gets a short `503` written on the raw socket (`Retry-After: 1`) and is closed, before any
 * of its bytes is parsed (beyond 100 refusals a second from one address, or server-wide, such a
 * connection is closed without the answer: a flood does not read it). An address at its own cap makes room among its own connections only, so
 * one address flooding the server churns through its own sockets and cannot take the others'.
 *
 * A connection's state comes from the HTTP server's events: waiting (no request yet), busy (a
 * request in flight, whose response has not finished) and keep-alive idle (after a response).
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  maxConnections: number;
  /** 0: no per-address cap. */
  maxPerAddress: number;
  /** A connection that has sent no request may be closed to make room once it is this old. */
  waitingGraceMs: number;
}

export interface ConnectionEvents {
  refused?(reason: 'server' | 'address'): void;
  closedIdle?(state: 'keepalive' | 'waiting'): void;
  open?(count: number): void;
}

interface Connection {
  socket: Socket;
  address: string;
  group: Group;
  /** When it opened, or last went idle. */
  since: number;
  inFlight: number;
  /** Whether a response has finished on it (then idle means keep-alive idle). */
  served: boolean;
  closed: boolean;
}

/**
 * Refusals answered with a 503 per group and second; beyond, a refused connection is closed
 * without an answer. Writing the answer was most of a refusal's cost (~33 µs of ~70, measured
 * with 20,000 connections from one address), and a flood does not read it.
 */
const ANSWERED_REFUSALS_PER_SECOND = 100;

/** Connections counted together (the whole server, or one address), idle ones oldest first. */
class Group {
  count = 0;
  readonly keepAlive = new Set<Connection>();
  readonly waiting = new Set<Connection>();
  private second = 0;
  private answered = 0;

  /** Whether a refusal now may still be answered (not beyond `ANSWERED_REFUSALS_PER_SECOND`). */
  answerRefusal(now: number): boolean {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.answered = 0;
    }
    return this.answered++ < ANSWERED_REFUSALS_PER_SECOND;
  }
}

function oldest(set: Set<Connection>): Connection | undefined {
  for (const c of set) return c;
  return undefined;
}

function refusal(message: string): Buffer {
  const body = JSON.stringify({ error: { code: 'too_many_connections', message } });
  return Buffer.from(
    'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** How long a refused or evicted socket may linger after its answer before it is destroyed. */
const LINGER_MS = 2000;

/** Writes `answer`, closes our side, discards what the client still sends, and destroys the socket soon. */
function answerAndClose(socket: Socket, answer: Buffer | null): void {
  socket.on('error', () => {});
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  if (answer === null) {
    socket.destroy();
    return;
  }
  socket.end(answer);
  socket.resume();
}

export class ConnectionGuard {
  private readonly all = new Group();
  private readonly byAddress = new Map<string, Group>();
  private readonly bySocket = new WeakMap<Socket, Connection>();
  private readonly serverFull: Buffer;
  private readonly addressFull: Buffer;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly events: ConnectionEvents = {},
  ) {
    this.serverFull = refusal(`the server has ${limits.maxConnections} connections open, each with a request in flight; retry shortly`);
    this.addressFull = refusal(`your address has ${limits.maxPerAddress} connections open, each with a request in flight; reuse them or retry shortly`);
  }

  get open(): number {
    return this.all.count;
  }

  /**
   * Takes over the server's `connection` event: the HTTP server sees only admitted sockets.
   * Also sets `maxConnections` as a backstop above the cap (refused sockets linger briefly while
   * their 503 is delivered; beyond the backstop Node drops new sockets silently).
   */
  attach(server: Server): void {
    const httpListeners = server.listeners('connection') as ((socket: Socket) => void)[];
    server.removeAllListeners('connection');
    server.on('connection', (socket: Socket) => {
      if (!this.admit(socket, Date.now())) return;
      for (const listener of httpListeners) listener.call(server, socket);
    });
    server.maxConnections = this.limits.maxConnections + Math.max(64, Math.ceil(this.limits.maxConnections / 10));
    server.prependListener('request', (req, res) => {
      const connection = this.bySocket.get(req.socket);
      if (!connection) return;
      this.busy(connection);
      res.once('close', () => this.done(connection, Date.now()));
    });
  }

  /** Whether `socket` may stay; a refused socket has been answered and is being closed. */
  admit(socket: Socket, now: number): boolean {
    const address = socket.remoteAddress;
    if (address === undefined) {
      socket.destroy();
      return false;
    }
    const own = this.byAddress.get(address);
    const perAddress = this.limits.maxPerAddress;
    if (perAddress > 0 && own && own.count >= perAddress && !this.makeRoom(own, now)) {
      this.events.refused?.('address');
      answerAndClose(socket, own.answerRefusal(now) ? this.addressFull : null);
      return false;
    }
    if (this.all.count >= this.limits.maxConnections && !this.makeRoom(this.all, now)) {
      this.events.refused?.('server');
      answerAndClose(socket, this.all.answerRefusal(now) ? this.serverFull : null);
      return false;
    }
    // Looked up again: making room may have emptied the address's group and dropped it.
    let group = this.byAddress.get(address);
    if (!group) {
      group = new Group();
      this.byAddress.set(address, group);
    }
    const connection: Connection = { socket, address, group, since: now, inFlight: 0, served: false, closed: false };
    this.bySocket.set(socket, connection);
    group.count++;
    this.all.count++;
    group.waiting.add(connection);
    this.all.waiting.add(connection);
    socket.once('close', () => this.forget(connection));
    this.events.open?.(this.all.count);
    return true;
  }

  /** Closes the oldest idle connection of `group`, if one may be closed. */
  private makeRoom(group: Group, now: number): boolean {
    const keepAlive = oldest(group.keepAlive);
    if (keepAlive) {
      this.forget(keepAlive);
      this.events.closedIdle?.('keepalive');
      answerAndClose(keepAlive.socket, null);
      return true;
    }
    const waiting = oldest(group.waiting);
    if (waiting && now - waiting.since >= this.limits.waitingGraceMs) {
      this.forget(waiting);
      this.events.closedIdle?.('waiting');
      answerAndClose(waiting.socket, group.answerRefusal(now) ? this.serverFull : null);
      return true;
    }
    return false;
  }

  private idleSets(connection: Connection): [Set<Connection>, Set<Connection>] {
    return connection.served ? [connection.group.keepAlive, this.all.keepAlive] : [connection.group.waiting, this.all.waiting];
  }

  private busy(connection: Connection): void {
    if (connection.closed) return;
    if (connection.inFlight++ === 0) for (const set of this.idleSets(connection)) set.delete(connection);
  }

  private done(connection: Connection, now: number): void {
    if (connection.closed || --connection.inFlight > 0) return;
    connection.served = true;
    connection.since = now;
    if (connection.socket.destroyed) return;
    for (const set of this.idleSets(connection)) set.add(connection);
  }

  /** Stops counting `connection` (closed, or being closed to make room). */
  private forget(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    const { group } = connection;
    for (const set of [group.keepAlive, group.waiting, this.all.keepAlive, this.all.waiting]) set.delete(connection);
    group.count--;
    this.all.count--;
    if (group.count === 0) this.byAddress.delete(connection.address);
    this.events.open?.(this.all.count);
  }
}
