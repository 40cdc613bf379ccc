/**
 * Prometheus counters of the limits (connections refused or closed, requests cut, 429s and 503s),
 * registered once per metrics registry so the HTTP server's guards and the app share them.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface LimitMetrics {
  connectionsOpen: Gauge;
  connectionsRefused: Counter<'reason'>;
  connectionsClosedIdle: Counter<'state'>;
  requestsCut: Counter<'reason'>;
  requestsLimited: Counter<'reason'>;
}

const byRegistry = new WeakMap<Registry, LimitMetrics>();

export function limitMetrics(registry: Registry): LimitMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    const registers = [registry];
    metrics = {
      connectionsOpen: new Gauge({ name: 'parcelscreen_connections_open', help: 'Open client connections', registers }),
      connectionsRefused: new Counter({
        name: 'parcelscreen_connections_refused_total',
        help: 'Connections answered 503 and closed at once: the server (reason=server) or the client address (reason=address) was at its cap',
        labelNames: ['reason'],
        registers,
      }),
      connectionsClosedIdle: new Counter({
        name: 'parcelscreen_connections_closed_idle_total',
        help: 'Idle connections closed to make room under the connection cap, by state: keepalive (between requests) or waiting (no request yet)',
        labelNames: ['state'],
        registers,
      }),
      requestsCut: new Counter({
        name: 'parcelscreen_requests_cut_total',
        help: 'Requests cut with a 408 because their body arrived slower than BODY_MIN_BYTES_PER_SECOND',
        labelNames: ['reason'],
        registers,
      }),
      requestsLimited: new Counter({
        name: 'parcelscreen_requests_limited_total',
        help: 'Requests refused by a limit: rate (429 per key), auth_failures (429 per address), bodies_in_flight (503)',
        labelNames: ['reason'],
        registers,
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
