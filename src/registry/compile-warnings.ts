/**
 * What compiling a registry version warns about (marks that are ordinary words, fold onto one or
 * are too short to match): the same warnings the screening workers' compile gives, for every
 * application in force on `date` or later — a mark whose validity starts next month warns today,
 * an expired one no longer does. Compiling a large registry takes about a second, so this runs
 * in a worker (workers/ingest.ts) unless ingest runs inline.
 */
import { compileRegistry } from '../screening/compile.ts';
import { RegistryBundleSchema } from '../domain/registry.ts';

/** Wide enough for any reading of a validity period: whether a day counts is not the point here. */
const ALWAYS = { validFrom: '0001-01-01', validUntil: '9999-12-31' };

export function bundleWarnings(bundleJson: string, date: string): string[] {
  const bundle = RegistryBundleSchema.parse(JSON.parse(bundleJson));
  // An application counts until the day before validUntil (README, "The registry bundle").
  const current = bundle.applications.filter((a) => a.validUntil > date).map((a) => ({ ...a, ...ALWAYS }));
  return compileRegistry({ ...bundle, applications: current }, 0, date).warnings;
}
