import { describe, expect, it } from 'vitest';
import { validateManifest } from '../src/domain/validate-manifest.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

function mustBeOk(result: ReturnType<typeof validateManifest>) {
  if (!result.ok) throw new Error(`envelope rejected: ${JSON.stringify(result.errors)}`);
  return result;
}

describe('manifest validation', () => {
  it('keeps valid parcels and rejects invalid ones one by one with field paths', () => {
    const bad = parcel(s10(2), {
      items: [{ description: 'x', hsCode: '64-04', quantity: 0, value: -1, currency: 'EURO', originCountry: 'QQ' }],
    });
    const result = mustBeOk(validateManifest(manifest('M', [parcel(s10(1)), bad, { itemId: 'RB123456786US' }]), 100));
    expect(result.valid.map((v) => v.index)).toEqual([0]);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
    const paths = result.rejected[0]!.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'parcels[1].items[0].hsCode',
        'parcels[1].items[0].quantity',
        'parcels[1].items[0].value',
        'parcels[1].items[0].currency',
        'parcels[1].items[0].originCountry',
      ]),
    );
    expect(result.rejected[1]).toMatchObject({ itemId: 'RB123456786US' });
    expect(result.rejected[1]!.errors).toContainEqual({ path: 'parcels[2].itemId', message: 'S10 check digit does not match the serial number' });
    expect(result.rejected[1]!.errors).toContainEqual({ path: 'parcels[2].seller', message: 'is required' });
  });

  it('normalises codes: HS dots and spaces, lower-case countries and currencies, spaced item ids', () => {
    const p = parcel('rr 123 456 785 cn', {
      items: [{ description: 'Sneakers', hsCode: '6404 11 00', quantity: 2, value: 10, currency: 'eur', originCountry: 'cn' }],
    });
    const result = mustBeOk(validateManifest(manifest('M', [p], { destinationCountry: 'be' }), 10));
    const stored = result.valid[0]!.parcel;
    expect(stored.itemId).toBe('RR123456785CN');
    expect(stored.items[0]).toMatchObject({ hsCode: '64041100', currency: 'EUR', originCountry: 'CN' });
    expect(result.header.destinationCountry).toBe('BE');
  });

  it('requires S10 ids on postal manifests and accepts courier tracking numbers on express ones', () => {
    const awb = parcel('1Z999AA1 0123 4567 84');
    expect(mustBeOk(validateManifest(manifest('M', [awb]), 10)).rejected).toHaveLength(1);
    const express = mustBeOk(validateManifest(manifest('M', [awb], { mode: 'express' }), 10));
    expect(express.valid[0]!.parcel.itemId).toBe('1Z999AA10123456784');
    const junk = parcel('AB!');
    expect(mustBeOk(validateManifest(manifest('M', [junk], { mode: 'express' }), 10)).rejected[0]!.errors[0]!.path).toBe('parcels[0].itemId');
  });

  it('keeps optional fields optional', () => {
    const minimal = {
      itemId: s10(9),
      category: 'gift',
      seller: { name: 'A', country: 'CN' },
      sender: { name: 'B', country: 'CN' },
      consignee: { name: 'C', country: 'BE' },
      items: [{ description: 'Scarf', hsCode: '621410', quantity: 1, value: 0, currency: 'USD' }],
    };
    expect(mustBeOk(validateManifest(manifest('M', [minimal]), 10)).valid).toHaveLength(1);
  });

  it('reports a repeated item id within one manifest as a repeat, not a second parcel', () => {
    const result = mustBeOk(validateManifest(manifest('M', [parcel(s10(1)), parcel(s10(1))]), 10));
    expect(result.valid.map((v) => v.index)).toEqual([0]);
    expect(result.repeated.map((v) => v.index)).toEqual([1]);
  });

  it('rejects a wrong envelope as a whole, naming the fields', () => {
    const result = validateManifest({ manifestRef: '', mode: 'air', parcels: [] }, 10);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path).sort()).toEqual(['destinationCountry', 'manifestRef', 'mode', 'parcels', 'regime']);
    expect(validateManifest([], 10).ok).toBe(false);
    expect(validateManifest(manifest('M', [parcel(s10(1)), parcel(s10(2))]), 1).ok).toBe(false);
  });
});
