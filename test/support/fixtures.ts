/**
 * Valid manifests and parcels to build tests from. S10 ids are generated with their real
 * check digit so tests can make as many distinct valid ids as they need.
 */
import { s10CheckDigit } from '../../src/domain/s10.ts';
import type { ManifestInput, ParcelInput } from '../../src/domain/manifest.ts';
import { validParcel } from '../../bench/lib/write-endpoints.ts';

export function s10(serial: number, service = 'RR', country = 'CN'): string {
  const digits = String(serial).padStart(8, '0');
  return `${service}${digits}${s10CheckDigit(digits)}${country}`;
}

export function parcel(itemId: string, overrides: Partial<ParcelInput> = {}): ParcelInput {
  return { ...(validParcel(itemId) as ParcelInput), ...overrides } as ParcelInput;
}

export function manifest(ref: string, parcels: unknown[], overrides: Partial<ManifestInput> = {}) {
  return { manifestRef: ref, mode: 'postal', regime: 'import', destinationCountry: 'BE', parcels, ...overrides };
}

export function parcels(count: number, firstSerial = 1): ParcelInput[] {
  return Array.from({ length: count }, (_, i) => parcel(s10(firstSerial + i)));
}
