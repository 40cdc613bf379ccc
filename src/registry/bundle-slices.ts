/**
 * A registry bundle validated and written as JSON in slices, with the event loop let through
 * between them. A 19 MB bundle (38,153 applications) takes ~0.65 s to validate with zod and
 * ~0.2 s to stringify, each of which stalled every other request on the HTTP thread for that
 * long. Applications have no rule across each other, so validating them one by one gives what
 * validating the array does; the output is the very JSON `JSON.stringify` gives of the whole
 * (tested), so stored versions compare equal whichever way they were written.
 */
import { yieldToEventLoop } from '../db/slices.ts';
import { ApplicationSchema, IndicatorsSchema, RegistryBundleSchema, type Application, type RegistryBundle } from '../domain/registry.ts';

/** Applications per slice: ~2-5 ms of validation or stringifying each. */
const PER_SLICE = 250;

const LISTS = ['watchedSellers', 'keywords'] as const;

/** `RegistryBundleSchema.parse`, in slices. Throws zod's error like it (with the path inside the slice). */
export async function parseBundleInSlices(input: { applications?: unknown; indicators?: unknown }): Promise<RegistryBundle> {
  const apps = input.applications;
  const indicators = input.indicators;
  if (!Array.isArray(apps) || typeof indicators !== 'object' || indicators === null || Array.isArray(indicators)) return RegistryBundleSchema.parse(input);
  const applications: Application[] = [];
  for (let at = 0; at < apps.length; at += PER_SLICE) {
    for (const app of apps.slice(at, at + PER_SLICE)) applications.push(ApplicationSchema.parse(app));
    await yieldToEventLoop();
  }
  // The two long lists element by element, the rest of the indicators as one object; the lists
  // keep their place among its keys (zod writes keys in the schema's order).
  const source = indicators as Record<string, unknown>;
  const lists: Partial<Record<(typeof LISTS)[number], unknown[]>> = {};
  for (const name of LISTS) {
    const list = source[name];
    if (!Array.isArray(list)) continue;
    const element = IndicatorsSchema.shape[name].unwrap().element;
    const parsed: unknown[] = [];
    for (let at = 0; at < list.length; at += PER_SLICE * 4) {
      for (const entry of list.slice(at, at + PER_SLICE * 4)) parsed.push(element.parse(entry));
      await yieldToEventLoop();
    }
    lists[name] = parsed;
  }
  const rest = IndicatorsSchema.parse({ ...source, ...Object.fromEntries(LISTS.filter((n) => lists[n]).map((n) => [n, []])) });
  for (const name of LISTS) if (lists[name]) (rest[name] as unknown[]) = lists[name];
  const bundle = RegistryBundleSchema.parse({ applications: [], indicators: {} });
  bundle.applications = applications;
  bundle.indicators = rest;
  return bundle;
}

/** `JSON.stringify(bundle)` of a validated bundle, in slices. */
export async function stringifyInSlices(bundle: RegistryBundle): Promise<string> {
  const keys = Object.keys(bundle);
  if (keys.length !== 2 || keys[0] !== 'applications' || keys[1] !== 'indicators') return JSON.stringify(bundle);
  const parts: string[] = [];
  for (let at = 0; at < bundle.applications.length; at += PER_SLICE) {
    parts.push(bundle.applications.slice(at, at + PER_SLICE).map((a) => JSON.stringify(a)).join(','));
    await yieldToEventLoop();
  }
  return `{"applications":[${parts.join(',')}],"indicators":${JSON.stringify(bundle.indicators)}}`;
}

/**
 * A validated bundle as the ingest worker hands it back: each application, and the indicators, as
 * canonical JSON. Strings cross threads as copies (milliseconds for 19 MB); the validated bundle's
 * objects took 0.85 s of structured clone and garbage collection on the HTTP thread (profiled,
 * 38,153 applications). Only a validated bundle is ever put in this form.
 */
export interface BundleJson {
  applications: string[];
  indicators: string;
}

/** In the worker, after validation. */
export function bundleToJson(bundle: RegistryBundle): BundleJson {
  return { applications: bundle.applications.map((a) => JSON.stringify(a)), indicators: JSON.stringify(bundle.indicators) };
}

/** The whole bundle's canonical JSON, as `JSON.stringify` of the validated bundle gives it. */
export function joinBundleJson(json: BundleJson): string {
  return `{"applications":[${json.applications.join(',')}],"indicators":${json.indicators}}`;
}

/** The validated bundle again, parsed in slices (not validated again: it was, in the worker). */
export async function bundleFromJson(json: BundleJson): Promise<RegistryBundle> {
  const applications: Application[] = [];
  for (let at = 0; at < json.applications.length; at += PER_SLICE) {
    for (const text of json.applications.slice(at, at + PER_SLICE)) applications.push(JSON.parse(text) as Application);
    await yieldToEventLoop();
  }
  return { applications, indicators: JSON.parse(json.indicators) as RegistryBundle['indicators'] };
}
