// @ts-check
/**
 * A constant arrival rate of manifests at the target, for latency under a known load.
 *   k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=psk_… bench/k6/steady.js
 * The same scenario (bench/k6/scenarios.json) runs here without k6: `npm run load -- steady`.
 */
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { manifest } from './lib/manifest.js';
import { scenarios } from './lib/scenarios.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const API_KEY = __ENV.API_KEY || '';
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
  thresholds: {
    // A 1,000-parcel manifest acknowledged within the p99 budget at this rate.
    http_req_duration: [`p(99)<${scenario.thresholds.p99Ms}`],
    http_req_failed: [`rate<${scenario.thresholds.errorRate}`],
    checks: ['rate>0.99'],
  },
};

export default function () {
  const n = exec.scenario.iterationInTest;
  const body = JSON.stringify(manifest(`K6-STEADY-${RUN}-${n}`, (RUN * 100000 + 50000 + n) * scenario.parcelsPerManifest, scenario.parcelsPerManifest));
  const res = http.post(`${BASE_URL}/v1/manifests`, body, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
  });
  check(res, { 'manifest accepted (202)': (r) => r.status === 202 });
}
