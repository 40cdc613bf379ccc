// @ts-check
/**
 * Customs officers polling the hold queue and opening case files while operators push manifests.
 *   k6 run -e BASE_URL=http://127.0.0.1:8080 -e API_KEY=psk_<operator> -e CUSTOMS_KEY=psk_<customs> bench/k6/customs.js
 * The same scenario (bench/k6/scenarios.json) runs here without k6: `npm run load -- customs`.
 */
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { postManifest } from './lib/http.js';
import { scenarios } from './lib/scenarios.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const CUSTOMS_KEY = __ENV.CUSTOMS_KEY || '';
const RUN = Number(__ENV.RUN_ID || Date.now() % 1000);
const scenario = scenarios.customs;

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    operators: { executor: 'constant-arrival-rate', exec: 'ingest', rate: scenario.manifestsPerSecond, timeUnit: '1s', duration: `${scenario.seconds}s`, preAllocatedVUs: 8, maxVUs: 32 },
    officers: { executor: 'constant-arrival-rate', exec: 'review', rate: scenario.customsRequestsPerSecond, timeUnit: '1s', duration: `${scenario.seconds}s`, preAllocatedVUs: 8, maxVUs: 32 },
  },
  thresholds: {
    'http_req_duration{scenario:officers}': [`p(99)<${scenario.thresholds.p99Ms}`],
    http_req_failed: [`rate<${scenario.thresholds.errorRate}`],
    checks: ['rate>0.99'],
  },
};

export function ingest() {
  const n = exec.scenario.iterationInTest;
  postManifest(`K6-CUSTOMS-${RUN}-${n}`, (RUN * 100000 + 80000 + n) * scenario.parcelsPerManifest, scenario.parcelsPerManifest);
}

export function review() {
  const headers = { authorization: `Bearer ${CUSTOMS_KEY}` };
  const queue = http.get(`${BASE_URL}/v1/parcels?decision=hold&open=true&limit=20`, { headers });
  check(queue, { 'queue read (200)': (r) => r.status === 200 });
  const items = /** @type {{ items?: { id: number }[] }} */ (queue.json()).items ?? [];
  if (items.length > 0) {
    const res = http.get(`${BASE_URL}/v1/parcels/${items[exec.scenario.iterationInTest % items.length].id}`, { headers });
    check(res, { 'case file read (200)': (r) => r.status === 200 });
  }
}
