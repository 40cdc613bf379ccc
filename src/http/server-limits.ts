/**
 * The limits of the HTTP server itself, below the application: timeouts for headers and bodies,
 * the connection cap, the body transfer rate. Wired by `src/main.ts` (and the tests' servers).
 */
import type { Server, ServerOptions } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import { BodyRateGuard } from './body-rate.ts';
import { ConnectionGuard } from './connection-guard.ts';
import type { LimitMetrics } from './limit-metrics.ts';

export type ServerLimitsConfig = Pick<
  Config,
  | 'MAX_CONNECTIONS'
  | 'MAX_CONNECTIONS_PER_ADDRESS'
  | 'HEADERS_TIMEOUT_MS'
  | 'BODY_MIN_BYTES_PER_SECOND'
  | 'BODY_GRACE_MS'
  | 'MAX_BODY_BYTES'
>;

/**
 * The longest a request may take to arrive: its headers, then the largest body at the minimum
 * rate after its grace. Only a backstop behind the rate check, which cuts slow bodies far sooner.
 */
export function requestTimeoutMs(config: ServerLimitsConfig): number {
  return config.HEADERS_TIMEOUT_MS + config.BODY_GRACE_MS + Math.ceil((config.MAX_BODY_BYTES / config.BODY_MIN_BYTES_PER_SECOND) * 1000);
}

/** Options for `http.createServer`. Timeouts are checked every second instead of Node's 30 s. */
export function httpServerOptions(config: ServerLimitsConfig): ServerOptions {
  return {
    headersTimeout: config.HEADERS_TIMEOUT_MS,
    requestTimeout: requestTimeoutMs(config),
    connectionsCheckingInterval: 1000,
  };
}

/** The soft limit on open files of this process (Linux), or null when it cannot be read. */
export function openFilesLimit(): number | null {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line && line[1] !== 'unlimited' ? Number(line[1]) : null;
  } catch {
    return null;
  }
}

/** File descriptors kept out of the connection cap: database files, worker threads, pipes, outgoing webhooks. */
export const RESERVED_FILES = 1024;

/**
 * The connection cap actually applied: `MAX_CONNECTIONS`, lowered when the open-files limit
 * would not leave room for it, the refusals in progress (a tenth more) and `RESERVED_FILES`.
 */
export function connectionCap(maxConnections: number, filesLimit: number | null): number {
  if (filesLimit === null) return maxConnections;
  const room = Math.floor((filesLimit - RESERVED_FILES) / 1.1);
  return Math.max(10, Math.min(maxConnections, room));
}

/** How long a connection that has sent no request is kept when the server needs its place. */
export const WAITING_GRACE_MS = 1000;

export function protectServer(server: Server, config: ServerLimitsConfig, metrics: LimitMetrics, maxConnections = config.MAX_CONNECTIONS) {
  const connections = new ConnectionGuard(
    { maxConnections, maxPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS, waitingGraceMs: WAITING_GRACE_MS },
    {
      refused: (reason) => metrics.connectionsRefused.inc({ reason }),
      closedIdle: (state) => metrics.connectionsClosedIdle.inc({ state }),
      open: (count) => metrics.connectionsOpen.set(count),
    },
  );
  connections.attach(server);
  const bodies = new BodyRateGuard({ minBytesPerSecond: config.BODY_MIN_BYTES_PER_SECOND, graceMs: config.BODY_GRACE_MS }, () =>
    metrics.requestsCut.inc({ reason: 'slow_body' }),
  );
  bodies.attach(server);
  return { connections, bodies };
}
