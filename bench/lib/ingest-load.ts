/**
 * Drives `POST /v1/manifests` with autocannon: every request a fresh manifest (new ref, new item
 * ids) built from a pre-generated pool of realistic parcels, so the server does the real work of
 * storing every parcel (no duplicates) while the load generator stays cheap.
 */
import autocannon from 'autocannon';
import { ManifestGenerator, type GeneratorOptions } from '../gen/manifests.ts';
import type { Title } from '../gen/titles.ts';

export interface IngestLoadOptions {
  url: string;
  key: string;
  titles: Title[];
  parcelsPerManifest: number;
  durationSeconds: number;
  connections: number;
  /** Manifests per second for a fixed arrival rate; unset = as fast as the server answers. */
  rate?: number;
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
}

const EMPTY = Buffer.alloc(0);

export async function runIngestLoad(o: IngestLoadOptions): Promise<IngestLoadResult> {
  const gen = new ManifestGenerator({ seed: o.seed ?? 7, titles: o.titles, firstSerial: o.firstSerial ?? 1, ...o.generator });
  // Pool of parcel JSON tails (everything after the item id): reused with fresh ids per request.
  const pool = Array.from({ length: 5000 }, () => {
    const json = JSON.stringify(gen.parcel('X', 'BE'));
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
  const takeBody = (): Buffer | string => {
    if (preparedAt < prepared.length) {
      const body = prepared[preparedAt]!;
      // Let each body go once sent, so a long run does not hold them all.
      prepared[preparedAt++] = EMPTY;
      return body;
    }
    builtOnTheFly++;
    return nextBody();
  };

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
        setupRequest: (req) => ({ ...req, body: takeBody() }),
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
    builtOnTheFly,
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
