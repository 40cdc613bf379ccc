// @ts-check
/**
 * Operators ramping manifest pushes up to saturation.
 *   k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=psk_… bench/k6/ingest.js
 * The same scenario runs here without k6 through `npm run bench:ingest` (autocannon).
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import { manifest } from './lib/manifest.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const API_KEY = __ENV.API_KEY || '';
const PARCELS = Number(__ENV.PARCELS || 1000);
const RUN = __ENV.RUN_ID || String(Date.now() % 1e6);

const acceptedParcels = new Counter('accepted_parcels');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    ramp_to_saturation: {
      executor: 'ramping-arrival-rate',
      startRate: 5,
      timeUnit: '1s',
      preAllocatedVUs: 16,
      maxVUs: 64,
      stages: [
        { target: 25, duration: '30s' },
        { target: 50, duration: '30s' },
        { target: 100, duration: '30s' },
      ],
    },
  },
  thresholds: {
    // A manifest of 1,000 parcels is acknowledged within the budget operators were promised.
    'http_req_duration{scenario:ramp_to_saturation}': ['p(99)<1000'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

export default function () {
  const n = exec.scenario.iterationInTest;
  const body = JSON.stringify(manifest(`K6-${RUN}-${n}`, (Number(RUN) * 1000 + n) * PARCELS, PARCELS));
  const res = http.post(`${BASE_URL}/v1/manifests`, body, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
  });
  const ok = check(res, { 'manifest accepted (202)': (r) => r.status === 202 });
  if (ok) {
    const accepted = Number(/** @type {{accepted?: number}} */ (res.json()).accepted ?? 0);
    acceptedParcels.add(accepted);
  }
}
