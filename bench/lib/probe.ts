/**
 * What a client and the machine see of a server under attack: the latency of a request sent
 * again and again (`/healthz`, another tenant's filing), the server's resident memory, and the
 * longest event-loop stall the server itself measured (`nodejs_eventloop_lag_max_seconds` in
 * /metrics: perf_hooks.monitorEventLoopDelay, the maximum since the previous scrape).
 */
import { Agent, request } from 'node:http';
import { sampleProcess } from './proc.ts';
import { percentile } from './stats.ts';

export interface LatencySummary {
  count: number;
  failed: number;
  /** Failures by status or error code. */
  failures: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
}

export function summarise(latencies: number[], failures: string[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const byKind: Record<string, number> = {};
  for (const f of failures) byKind[f] = (byKind[f] ?? 0) + 1;
  return { count: latencies.length + failures.length, failed: failures.length, failures: byKind, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

export function formatLatency(s: LatencySummary): string {
  const failed = s.failed ? `, ${s.failed} failed ${JSON.stringify(s.failures)}` : ', 0 failed';
  return `${s.count} requests, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms${failed}`;
}

export interface ProbeRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A body per request (filings need fresh item ids). */
  body?: () => string;
  /** Statuses that count as answered. */
  ok?: (status: number) => boolean;
}

/** Sends `probe` one at a time, `everyMs` apart, on one keep-alive connection, until stopped. */
export function startProber(url: string, probe: ProbeRequest, everyMs: number, localAddress?: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(`${url}${probe.path}`, { method: probe.method ?? 'GET', headers: probe.headers, agent, localAddress }, (res) => {
        res.resume();
        res.on('end', () => {
          const ms = performance.now() - started;
          if ((probe.ok ?? ((s) => s === 200))(res.statusCode!)) latencies.push(ms);
          else failures.push(String(res.statusCode));
          resolve();
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        failures.push(err.code ?? err.message);
        resolve();
      });
      req.end(probe.body?.());
    });
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await once();
      const wait = everyMs - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop(): Promise<LatencySummary> {
      running = false;
      await loop;
      agent.destroy();
      return summarise(latencies, failures);
    },
  };
}

/** Samples the server's resident memory every `everyMs`; `stop` gives the peak and the last value. */
export function startRssSampler(pid: number, everyMs = 100) {
  let peak = 0;
  let last = 0;
  const timer = setInterval(() => {
    try {
      last = sampleProcess(pid).rssMb;
      peak = Math.max(peak, last);
    } catch {
      // the process is gone
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakMb: peak, lastMb: last };
    },
  };
}

/** A gauge or counter from /metrics (first sample of that name), or NaN. */
export async function scrapeMetric(url: string, name: string): Promise<number> {
  let text: string;
  try {
    text = await (await fetch(`${url}/metrics`)).text();
  } catch {
    // A kept-alive connection closed by the server just as it was reused: once more on a new one.
    text = await (await fetch(`${url}/metrics`, { keepalive: false })).text();
  }
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

/**
 * The longest event-loop stall of the server since the previous call: the server's own
 * monitorEventLoopDelay maximum, which each scrape of /metrics resets (no other scraper may run).
 */
export async function eventLoopMaxSinceLastScrape(url: string): Promise<number> {
  return (await scrapeMetric(url, 'nodejs_eventloop_lag_max_seconds')) * 1000;
}
