/**
 * A small registry written for the tests (independent of data/sample-registry.json, so the
 * sample can change without changing what the tests mean).
 */
import { compileRegistry } from '../../src/screening/compile.ts';
import { RegistryBundleSchema, type RegistryBundleInput } from '../../src/domain/registry.ts';
import { Screener } from '../../src/screening/screen.ts';
import type { ParcelInput, Parcel } from '../../src/domain/manifest.ts';
import { PostalParcelSchema } from '../../src/domain/manifest.ts';

export const TEST_BUNDLE: RegistryBundleInput = {
  applications: [
    { id: 'APP-NIKE', holder: { name: 'Nike, Inc.' }, trademarks: [{ mark: 'Nike', aliases: ['Air Jordan', 'Air Max'], hsCodes: ['64', '61', '62'] }],
      authorizedSellers: ['Nike Retail B.V.'], priceFloors: [{ hsCode: '64', value: 45, currency: 'EUR' }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-GUCCI', holder: { name: 'Gucci' }, trademarks: [{ mark: 'Gucci', hsCodes: ['4202', '64', '9102'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-LV', holder: { name: 'Louis Vuitton Malletier' }, trademarks: [{ mark: 'Louis Vuitton', aliases: ['LV'], hsCodes: ['4202'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-COACH', holder: { name: 'Coach IP' }, trademarks: [{ mark: 'Coach', hsCodes: ['4202'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-OMEGA', holder: { name: 'Omega SA' }, trademarks: [{ mark: 'Omega', aliases: ['Speedmaster'], hsCodes: ['9101', '9102'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-APPLE', holder: { name: 'Apple Inc.' }, trademarks: [{ mark: 'Apple', aliases: ['iPhone'], hsCodes: ['8517', '8518'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-POLO', holder: { name: 'Ralph Lauren' }, trademarks: [{ mark: 'Polo', aliases: ['Ralph Lauren'], hsCodes: ['61', '62'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-ROLEX', holder: { name: 'Rolex SA' }, trademarks: [{ mark: 'Rolex', hsCodes: ['9101', '9102'] }], priceFloors: [{ hsCode: '91', value: 2000, currency: 'EUR' }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-UGG', holder: { name: 'Deckers' }, trademarks: [{ mark: 'UGG', hsCodes: ['64'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-BREMBO', holder: { name: 'Brembo' }, trademarks: [{ mark: 'Brembo', hsCodes: ['870830'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'APP-EXPIRED', holder: { name: 'Old Holder' }, trademarks: [{ mark: 'Zenitha', hsCodes: ['9102'] }], validFrom: '2020-01-01', validUntil: '2021-01-01' },
  ],
  indicators: {
    watchedSellers: [{ name: 'Putian Best Shoes Factory Co., Ltd.', country: 'CN', risk: 'high', reason: 'seizures' }],
    keywords: [{ term: 'replica', risk: 'high' }, { term: '1:1', risk: 'high' }, { term: 'AAA', risk: 'high' }],
    hazardousHsCodes: ['3004', '870830'],
    originRisk: [{ country: 'KP', risk: 'high' }],
    deMinimis: { value: 150, currency: 'EUR' },
    exchangeRates: { base: 'EUR', rates: { USD: 0.9 } },
  },
};

export const TODAY = '2026-06-01';

export function testScreener(bundle: RegistryBundleInput = TEST_BUNDLE, date = TODAY): Screener {
  return new Screener(compileRegistry(RegistryBundleSchema.parse(bundle), 1, date));
}

export function item(description: string, hsCode: string, value = 20, extra: Partial<ParcelInput['items'][number]> = {}) {
  return { description, hsCode, quantity: 1, value, currency: 'EUR', originCountry: 'CN', ...extra };
}

export function testParcel(items: ParcelInput['items'], overrides: Partial<ParcelInput> = {}): Parcel {
  return PostalParcelSchema.parse({
    itemId: 'RR123456785CN',
    category: 'sale_of_goods',
    seller: { name: 'Example Shop Ltd', country: 'CN' },
    sender: { name: 'Example Shop Ltd', country: 'CN' },
    consignee: { name: 'Anna', country: 'BE' },
    items,
    ...overrides,
  });
}

export function screenOne(screener: Screener, description: string, hsCode: string, value = 20, overrides: Partial<ParcelInput> = {}) {
  const parcel = testParcel([item(description, hsCode, value)], overrides);
  return screener.screen({ itemId: parcel.itemId, parcel });
}
