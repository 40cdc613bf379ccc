// @ts-check
/**
 * A constant arrival rate of manifests at the target, for latency under a known load.
 *   k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=psk_… bench/k6/steady.js
 * The same scenario (bench/k6/scenarios.json) runs here without k6: `npm run load -- steady`.
 */
import exec from 'k6/execution';
import { postManifest, thresholdsOf } from './lib/http.js';
import { scenarios } from './lib/scenarios.js';

const RUN = Number(__ENV.RUN_ID || Date.now() % 1000);
const scenario = scenarios.steady;

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: scenario.manifestsPerSecond,
      timeUnit: '1s',
      duration: `${scenario.seconds}s`,
      preAllocatedVUs: 16,
      maxVUs: 64,
    },
  },
  // A 1,000-parcel manifest acknowledged within the p99 budget at this rate.
  thresholds: thresholdsOf(scenario.thresholds),
};

export default function () {
  const n = exec.scenario.iterationInTest;
  postManifest(`K6-STEADY-${RUN}-${n}`, (RUN * 100000 + 50000 + n) * scenario.parcelsPerManifest, scenario.parcelsPerManifest);
}
