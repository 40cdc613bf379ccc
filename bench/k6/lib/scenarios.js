// @ts-check
/**
 * Scenario parameters shared with the autocannon harness (`npm run load`): both read
 * bench/k6/scenarios.json, so the k6 runs and the local runs stay in step.
 */

/**
 * @typedef {{ manifestsPerSecond: number, seconds: number }} Stage
 * @typedef {{ p99Ms: number, errorRate: number }} Thresholds
 * @typedef {{ description: string, parcelsPerManifest: number, stages: Stage[], thresholds: Thresholds }} IngestScenario
 * @typedef {{ description: string, parcelsPerManifest: number, manifestsPerSecond: number, seconds: number, thresholds: Thresholds }} SteadyScenario
 * @typedef {SteadyScenario & { customsRequestsPerSecond: number }} CustomsScenario
 */

/** @type {{ ingest: IngestScenario, steady: SteadyScenario, customs: CustomsScenario }} */
export const scenarios = JSON.parse(open('../scenarios.json'));
