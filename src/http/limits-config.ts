/**
 * The environment variables of the limits that keep the service up under hostile or runaway
 * clients: connections, timeouts, body sizes and memory, JSON nesting, request rates. Spread into
 * `ConfigSchema` (src/config.ts); the README's configuration table explains each and why.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const LIMITS_CONFIG = {
  /** Open connections above which idle ones are closed and new ones refused with a 503 (below the fd limit). */
  MAX_CONNECTIONS: int(10, 1_000_000).default(10_000),
  /** Open connections one client address may hold; 0 = no per-address cap (behind a reverse proxy). */
  MAX_CONNECTIONS_PER_ADDRESS: int(0, 1_000_000).default(256),
  /** All request headers must have arrived this long after the connection opened or went idle. */
  HEADERS_TIMEOUT_MS: int(1000, 600_000).default(10_000),
  /** A request body must arrive at this average rate (bytes/s), once `BODY_GRACE_MS` have passed. */
  BODY_MIN_BYTES_PER_SECOND: int(1, 1e9).default(100_000),
  /** Head start of every body before its rate is checked (round trips, TCP slow start). */
  BODY_GRACE_MS: int(1000, 600_000).default(10_000),
  /** Largest body of every JSON endpoint other than manifests and registry imports (413 above). */
  MAX_JSON_BODY_BYTES: int(1024, 1024 ** 3).default(1024 * 1024),
  /** Request bodies being read or parsed at once may total this many bytes; beyond, 503 + Retry-After. */
  MAX_BODY_BYTES_IN_FLIGHT: int(1024, 64 * 1024 ** 3).default(64 * 1024 * 1024),
  /** Deepest nesting of arrays and objects a JSON body may have (400 above). */
  MAX_JSON_DEPTH: int(2, 10_000).default(64),
  /** Requests per second each API key may make, by role (a token bucket); 0 = unlimited. */
  RATE_LIMIT_OPERATOR: int(0, 1e6).default(100),
  RATE_LIMIT_CUSTOMS: int(0, 1e6).default(50),
  RATE_LIMIT_RIGHTSHOLDER: int(0, 1e6).default(20),
  RATE_LIMIT_ADMIN: int(0, 1e6).default(50),
  /** A key may burst this many seconds' worth of its rate at once. */
  RATE_LIMIT_BURST_SECONDS: int(1, 3600).default(2),
  /** Failed authentications (401) per minute one client address may make before it gets 429s; 0 = unlimited. */
  AUTH_FAILURES_PER_MINUTE: int(0, 1e6).default(60),
};
