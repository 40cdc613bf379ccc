import { describe, expect, it } from 'vitest';
import { bundleLists, INDICATOR_KIND_NAMES, INDICATOR_KINDS, INDICATOR_LISTS, IndicatorsSchema, listEntries, RegistryBundleSchema } from '../src/domain/registry.ts';

// One entry of each kind, as customs sends it through PUT /v1/indicators/<kind>/<id>.
const entries = {
  'watched-sellers': { name: 'Shenzhen Bright Trading', country: 'CN', risk: 'high', reason: 'seizure of parcel RR123456785CN', source: 'automatic: seizure' },
  keywords: { term: 'replica', risk: 'high', weight: 60 },
  'hazardous-hs-codes': { hsCode: '8507' },
  'origin-risk': { country: 'CN', risk: 'medium' },
  'de-minimis': { value: 800, currency: 'USD', country: 'US' },
} as const;

describe('indicator kinds, declared once', () => {
  it('every kind has an entry schema, a bundle field and a way into the bundle and back', () => {
    expect(Object.keys(entries).sort()).toEqual([...INDICATOR_KIND_NAMES].sort());
    const parsed = Object.fromEntries(INDICATOR_KIND_NAMES.map((k) => [k, INDICATOR_KINDS[k].parse(entries[k])]));
    const indicators = IndicatorsSchema.parse(bundleLists((kind) => [parsed[kind]]));
    for (const k of INDICATOR_KIND_NAMES) expect(indicators[INDICATOR_LISTS[k].field]).toHaveLength(1);
    expect(indicators.hazardousHsCodes).toEqual(['8507']);
    // What an import writes back is what customs sent.
    expect(listEntries(indicators)).toEqual(INDICATOR_KIND_NAMES.map((kind) => ({ kind, entry: parsed[kind] })));
  });

  it('reads a watched seller the same way from the API and from a bundle (the two schemas used to differ)', () => {
    const sent = { name: ' Bright Trading ', risk: 'low', reason: '  repeated seizures ', source: ' customs ' };
    const fromApi = INDICATOR_KINDS['watched-sellers'].parse(sent);
    const fromBundle = RegistryBundleSchema.parse({ indicators: { watchedSellers: [sent] } }).indicators.watchedSellers[0];
    expect(fromApi).toEqual({ name: 'Bright Trading', risk: 'low', reason: 'repeated seizures', source: 'customs' });
    expect(fromBundle).toEqual(fromApi);
  });

  it('keeps the bundle JSON in the field order it always had', () => {
    expect(Object.keys(IndicatorsSchema.parse({}))).toEqual(['watchedSellers', 'keywords', 'hazardousHsCodes', 'originRisk', 'deMinimis', 'deMinimisByCountry', 'scoring']);
  });
});
