/**
 * Registry bundles validated and written in slices give exactly what validating and writing them
 * whole gives (stored versions compare as text), and refuse what the schema refuses.
 */
import { describe, expect, it } from 'vitest';
import { parseBundleInSlices, stringifyInSlices } from '../src/registry/bundle-slices.ts';
import { RegistryBundleSchema } from '../src/domain/registry.ts';
import { largeBundle } from '../bench/gen/large-bodies.ts';
import { TEST_BUNDLE } from './support/registry.ts';

/** The same data with every object's keys in reverse order, and no optional or defaulted field. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

describe('registry bundles in slices', () => {
  const bundles = {
    'the test bundle': TEST_BUNDLE,
    'its keys reversed': reversedKeys(TEST_BUNDLE),
    'defaults only': { applications: [{ id: 'A', holder: { name: ' Holder ' }, trademarks: [{ mark: 'Zorblax', hsCodes: ['64'] }], validFrom: '2026-01-01', validUntil: '2027-01-01' }], indicators: {} },
    'no indicators': { applications: [] },
    'a 2 MB generated bundle': largeBundle(2_000_000),
  };

  for (const [name, input] of Object.entries(bundles)) {
    it(`validates and writes ${name} as the whole schema and JSON.stringify do`, async () => {
      const whole = RegistryBundleSchema.parse(structuredClone(input));
      const sliced = await parseBundleInSlices(structuredClone(input) as { applications?: unknown; indicators?: unknown });
      expect(await stringifyInSlices(sliced)).toBe(JSON.stringify(whole));
      expect(await stringifyInSlices(whole)).toBe(JSON.stringify(whole));
    });
  }

  it('refuses what the schema refuses', async () => {
    const bad = structuredClone(TEST_BUNDLE) as { applications: { trademarks: unknown[] }[] };
    bad.applications[3]!.trademarks = [];
    expect(RegistryBundleSchema.safeParse(bad).success).toBe(false);
    await expect(parseBundleInSlices(bad)).rejects.toThrow();
    await expect(parseBundleInSlices({ applications: [], indicators: { keywords: [{ term: '', risk: 'high' }] } })).rejects.toThrow();
    await expect(parseBundleInSlices({ applications: 'none' })).rejects.toThrow();
  });
});
