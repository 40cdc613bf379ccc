/**
 * Drives `POST /v1/manifests`: every request a fresh manifest (new ref, new item ids) built from a
 * pre-generated pool of realistic parcels, so the server does the real work of storing every
 * parcel (no duplicates) while the load generator stays cheap.
 *
 * Two ways to send: autocannon (as fast as the server answers, or its own fixed rate), and an
 * evenly paced open-loop sender for latency at a given rate. autocannon's fixed rate lets each
 * connection send its quota at the start of every second, so at 20 manifests/s over 8 connections
 * 8 manifests land at once: its percentiles then describe a burst, not a rate. The paced sender
 * sends manifest i at start + i/rate whatever the answers do, and times each request from that
 * scheduled moment (no coordinated omission: a stalled server cannot slow its own arrivals).
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { ManifestGenerator, type GeneratorOptions } from '../gen/manifests.ts';
import type { Title } from '../gen/titles.ts';
import type { ParcelInput } from '../../src/domain/manifest.ts';
import { percentile } from './stats.ts';

export interface IngestLoadOptions {
  url: string;
  key: string;
  titles: Title[];
  parcelsPerManifest: number;
  durationSeconds: number;
  connections: number;
  /** Manifests per second for a fixed arrival rate; unset = as fast as the server answers. */
  rate?: number;
  /** With a rate: `autocannon` (its per-second quotas, the default) or `even` (paced open loop, see above). */
  arrivals?: 'autocannon' | 'even';
  seed?: number;
  firstSerial?: number;
  /** Branded, disguised and hazardous lines, as bench/gen writes them. */
  generator?: Pick<GeneratorOptions, 'brands' | 'brandedShare' | 'disguisedShare' | 'hazardousShare'>;
  /**
   * Bodies to build (and encode) before the clock starts, up to PREBUILD_MAX_BYTES. Building a
   * 650 KB body costs the generator ~1.5 ms of CPU on the cores the server also needs; prepared
   * bodies cut the generator's share of the machine to sending bytes. Past them it builds on the fly.
   */
  prebuildBodies?: number;
  /**
   * Minimal parcels: one item line and no optional field (no marketplace, addresses, origin,
   * weights): ~340 bytes instead of ~650, the size the stack notes' throughput estimate assumed.
   */
  lean?: boolean;
  /** Called when the clock starts (after any bodies were prepared). */
  onStart?: () => void;
}

/** Memory the prepared bodies may take (the machine has 24 GiB; a 15 s saturation run needs < 1 GiB). */
const PREBUILD_MAX_BYTES = 2 * 1024 ** 3;

export interface IngestLoadResult {
  manifests: number;
  acceptedParcels: number;
  parcelsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  durationSeconds: number;
  /** Bodies built during the run because the prepared ones ran out (0 when prebuildBodies covered it). */
  builtOnTheFly: number;
  /** CPU seconds this process (the load generator) used while the clock ran. */
  generatorCpuSeconds: number;
  /** Mean size of the manifests sent, in bytes. */
  meanBodyBytes: number;
}

const EMPTY = Buffer.alloc(0);

function leanParcel(p: ParcelInput): ParcelInput {
  const [first] = p.items;
  return {
    itemId: p.itemId,
    category: p.category,
    seller: { name: p.seller.name, country: p.seller.country },
    sender: { name: p.sender.name, country: p.sender.country },
    consignee: { name: p.consignee.name, country: p.consignee.country },
    items: [{ description: first!.description, hsCode: first!.hsCode, quantity: first!.quantity, value: first!.value, currency: first!.currency }],
  };
}

interface BodySource {
  take(): Buffer | string;
  builtOnTheFly(): number;
  meanBytes(): number;
}

function bodySource(o: IngestLoadOptions): BodySource {
  const gen = new ManifestGenerator({ seed: o.seed ?? 7, titles: o.titles, firstSerial: o.firstSerial ?? 1, ...o.generator });
  // Pool of parcel JSON tails (everything after the item id): reused with fresh ids per request.
  const pool = Array.from({ length: 5000 }, () => {
    const json = JSON.stringify(o.lean ? leanParcel(gen.parcel('X', 'BE')) : gen.parcel('X', 'BE'));
    return json.slice('{"itemId":"X"'.length);
  });
  let counter = 0;
  let poolAt = 0;
  const nextBody = () => {
    const express = counter % 10 < 3;
    const parts: string[] = new Array(o.parcelsPerManifest);
    for (let i = 0; i < o.parcelsPerManifest; i++) {
      const id = express ? gen.nextAwb() : gen.nextS10();
      parts[i] = `{"itemId":"${id}"${pool[poolAt++ % pool.length]}`;
    }
    counter++;
    return `{"manifestRef":"LOAD-${o.firstSerial ?? 1}-${counter}","mode":"${express ? 'express' : 'postal'}","regime":"import","destinationCountry":"BE","parcels":[${parts.join(',')}]}`;
  };
  const prepared: Buffer[] = [];
  let preparedBytes = 0;
  while (prepared.length < (o.prebuildBodies ?? 0) && preparedBytes < PREBUILD_MAX_BYTES) {
    const body = Buffer.from(nextBody());
    prepared.push(body);
    preparedBytes += body.length;
  }
  let preparedAt = 0;
  let builtOnTheFly = 0;
  let taken = 0;
  let takenBytes = 0;
  const takeBody = (): Buffer | string => {
    let body: Buffer | string;
    if (preparedAt < prepared.length) {
      body = prepared[preparedAt]!;
      // Let each body go once sent, so a long run does not hold them all.
      prepared[preparedAt++] = EMPTY;
    } else {
      builtOnTheFly++;
      body = nextBody();
    }
    taken++;
    takenBytes += body.length;
    return body;
  };
  return { take: takeBody, builtOnTheFly: () => builtOnTheFly, meanBytes: () => (taken ? Math.round(takenBytes / taken) : 0) };
}

export async function runIngestLoad(o: IngestLoadOptions): Promise<IngestLoadResult> {
  const bodies = bodySource(o);
  if (o.rate && o.arrivals === 'even') return runPaced(o, o.rate, bodies);
  let acceptedParcels = 0;
  let manifests = 0;
  o.onStart?.();
  const cpuAtStart = process.cpuUsage();
  const started = Date.now();
  const result = await autocannon({
    url: `${o.url}/v1/manifests`,
    connections: o.connections,
    duration: o.durationSeconds,
    ...(o.rate ? { overallRate: o.rate } : {}),
    headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
    method: 'POST',
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: bodies.take() }),
        onResponse: (status, body) => {
          if (status !== 202) return;
          manifests++;
          const m = /"accepted":(\d+)/.exec(body);
          if (m) acceptedParcels += Number(m[1]);
        },
      },
    ],
  });
  const durationSeconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    manifests,
    acceptedParcels,
    parcelsPerSecond: Math.round(acceptedParcels / durationSeconds),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    durationSeconds,
    builtOnTheFly: bodies.builtOnTheFly(),
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
    meanBodyBytes: bodies.meanBytes(),
  };
}

/** Open loop: manifest i leaves at start + i/rate; its latency runs from that moment to the answer's end. */
async function runPaced(o: IngestLoadOptions, rate: number, bodies: BodySource): Promise<IngestLoadResult> {
  const target = new URL(`${o.url}/v1/manifests`);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let acceptedParcels = 0;
  let manifests = 0;
  let non2xx = 0;
  let errors = 0;
  const total = Math.floor(rate * o.durationSeconds);
  const send = (body: Buffer | string, scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - scheduledAt);
            if (res.statusCode === 202) {
              manifests++;
              const m = /"accepted":(\d+)/.exec(Buffer.concat(chunks).toString());
              if (m) acceptedParcels += Number(m[1]);
            } else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });

  o.onStart?.();
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduledAt = started + (i * 1000) / rate;
    const wait = scheduledAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(bodies.take(), scheduledAt));
  }
  await Promise.all(inFlight);
  const durationSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    manifests,
    acceptedParcels,
    parcelsPerSecond: Math.round(acceptedParcels / durationSeconds),
    // An empty run (every request failed) reports 0 ms rather than NaN, as autocannon does.
    latencyMs: { p50: percentile(sorted, 50) || 0, p90: percentile(sorted, 90) || 0, p99: percentile(sorted, 99) || 0, max: sorted.at(-1) ?? 0 },
    non2xx,
    errors,
    durationSeconds,
    builtOnTheFly: bodies.builtOnTheFly(),
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
    meanBodyBytes: bodies.meanBytes(),
  };
}
