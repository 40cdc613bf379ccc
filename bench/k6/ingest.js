// @ts-check
/**
 * Operators ramping manifest pushes up to saturation.
 *   k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=psk_… bench/k6/ingest.js
 * The same scenario (bench/k6/scenarios.json) runs here without k6: `npm run load -- ingest`.
 */
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import { postManifest, thresholdsOf } from './lib/http.js';
import { scenarios } from './lib/scenarios.js';

const RUN = Number(__ENV.RUN_ID || Date.now() % 1000);
const scenario = scenarios.ingest;
const acceptedParcels = new Counter('accepted_parcels');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    ramp_to_saturation: {
      executor: 'ramping-arrival-rate',
      startRate: scenario.stages[0].manifestsPerSecond,
      timeUnit: '1s',
      preAllocatedVUs: 16,
      maxVUs: 64,
      stages: scenario.stages.map((s) => ({ target: s.manifestsPerSecond, duration: `${s.seconds}s` })),
    },
  },
  thresholds: thresholdsOf(scenario.thresholds),
};

export default function () {
  const n = exec.scenario.iterationInTest;
  const res = postManifest(`K6-INGEST-${RUN}-${n}`, (RUN * 100000 + n) * scenario.parcelsPerManifest, scenario.parcelsPerManifest);
  if (res.status === 202) acceptedParcels.add(Number(/** @type {{accepted?: number}} */ (res.json()).accepted ?? 0));
}
