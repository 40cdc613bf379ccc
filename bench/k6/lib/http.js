// @ts-check
/**
 * What the k6 scenarios share: filing a generated manifest, and thresholds from scenarios.json.
 */
import http from 'k6/http';
import { check } from 'k6';
import { manifest } from './manifest.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
const API_KEY = __ENV.API_KEY || '';

/**
 * @param {string} ref
 * @param {number} firstSerial
 * @param {number} count
 */
export function postManifest(ref, firstSerial, count) {
  const res = http.post(`${BASE_URL}/v1/manifests`, JSON.stringify(manifest(ref, firstSerial, count)), {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
  });
  check(res, { 'manifest accepted (202)': (r) => r.status === 202 });
  return res;
}

/** @param {{ p99Ms: number, errorRate: number }} t */
export function thresholdsOf(t) {
  return {
    http_req_duration: [`p(99)<${t.p99Ms}`],
    http_req_failed: [`rate<${t.errorRate}`],
    checks: ['rate>0.99'],
  };
}
