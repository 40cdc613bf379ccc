/**
 * The hand-written fast path must never accept what zod rejects, and when it accepts, it must
 * produce exactly zod's output. Thousands of seeded mutations of valid parcels (wrong types,
 * bounds, whitespace, case, missing and extra keys, bad codes) compare the two.
 */
import { describe, expect, it } from 'vitest';
import { parcelSchemaFor, type Mode } from '../src/domain/manifest.ts';
import { fastParseParcel } from '../src/domain/parcel-fast-path.ts';
import { parcel, s10 } from './support/fixtures.ts';
import { Random } from '../bench/gen/random.ts';

/** Values that probe each kind of check: types, emptiness, bounds, whitespace, case, codes. */
const ODD_VALUES: unknown[] = [
  undefined, null, true, 0, -0, -1, 1e-9, 1e9, 1e9 + 1, 1e12, 1e12 + 1, 1e6, 1e6 + 0.5, Number.NaN, Number.POSITIVE_INFINITY,
  '', ' ', '  x  ', 'x', 'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(300), 'x'.repeat(301), 'y'.repeat(500), 'y'.repeat(501),
  'z'.repeat(1000), 'z'.repeat(1001), '\u00a0padded\u2003', 'cn', ' be ', 'CN', 'XX', 'UN', 'eur', ' usd ', 'XAU', 'EURO',
  '6404.11', '6404 11 00', '640411', '64041', '64041100001', '6404-11', '６４０４１１', 'rr123456785cn', 'RR 123 456 785 CN',
  'RB123456786US', 'RB123456785XX', 'JJ123456785CN', '1Z-999-AA1-01234-5678', 'AB12', 'ÄBC123456', 'https://shop.example/x',
  ' https://shop.example ', 'not a url', 'mailto:a@b.c', 'gift', 'sale_of_goods', 'GIFT', {}, [], [{}], { name: 'x' },
  'nul\u0000inside', 'bell\u0007', 'lone \ud800 surrogate', 'pair \ud83d\ude00 ok', 'tab\tand\nlines\r\n', '\u001f',
  // Party ids, contact, address parts, waybills.
  'DE123456789012345', 'de 1234 5678', 'XI123456789000', 'DE1234567890123456', 'D1234', '12DE345', 'BE0123.456.789', 'FR 12 345678901',
  'a/b-c.d', '-lead', '+32 2 123 45 67', '+1 (555) 010-9999', '0032.2.123.45.67', '1234', '+1234567890123456', '++32 2 1234567',
  'anna@example.be', ' anna@example.be ', 'anna@', 'anna@@example.be', 'x'.repeat(250) + '@e.be', '1000', '75008', 'SW1A 1AA',
  'D02 X285', '1000 ', 'AB-12', 'ÅÄ 10', '#12', '157-12345675', 'MAWB 157 1234 5675', 'x'.repeat(35), 'x'.repeat(36), 'x'.repeat(70),
  'x'.repeat(71), 'Q'.repeat(17), 'Q'.repeat(18),
  { type: 'N740', reference: '157-12345675' }, { type: 'VAT', value: 'DE123456789' }, { type: ' ', value: 'x' }, { type: 'T', value: 'x', note: 1 },
  { type: 'T', value: 'x', extra: { a: 1 } }, { reference: 'only' },
  // Kept fields: objects, nested values, bad keys and values.
  { lot: 'A-1' }, { n: 1, deep: { list: [1, 'two', null, true] } }, { '': 1 }, { ['k'.repeat(101)]: 1 }, { bad: 'nul\u0000' },
  { big: 'b'.repeat(4000) }, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])), { 1: 'x', a: 'y' },
  JSON.parse('{"__proto__":{"x":1}}'), [1, 2], 'y'.repeat(5000),
];

const DETAILS = ['street', 'houseNumber', 'postcode', 'city', 'subdivision', 'eori', 'taxId', 'otherId', 'phone', 'email', 'extra', 'note'];
const PATHS: (string | number)[][] = [
  ['itemId'], ['category'], ['grossWeightKg'], ['extra'], ['houseWaybill'], ['masterWaybill'], ['transportDocument'],
  ['transportDocument', 'type'], ['transportDocument', 'reference'], ['transportDocument', 'note'], ['note'], ['__proto__'], ['1'],
  ['seller'], ['seller', 'name'], ['seller', 'country'], ['seller', 'marketplace'], ['seller', 'url'], ['seller', 'address'],
  ['sender'], ['sender', 'name'], ['sender', 'address'], ['sender', 'country'],
  ['consignee'], ['consignee', 'name'], ['consignee', 'address'], ['consignee', 'country'],
  ['consignee', 'otherId', 'type'], ['consignee', 'otherId', 'value'], ['consignee', 'otherId', 'extra'], ['seller', 'extra', 'k'],
  ...['seller', 'sender', 'consignee'].flatMap((party) => DETAILS.map((key) => [party, key])),
  ['items'], ['items', 0], ['items', 0, 'description'], ['items', 0, 'hsCode'], ['items', 0, 'quantity'], ['items', 0, 'value'],
  ['items', 0, 'currency'], ['items', 0, 'originCountry'], ['items', 0, 'netWeightKg'], ['items', 0, 'grossWeightKg'], ['items', 0, 'extra'],
  ['items', 0, 'lot'], ['items', 1, 'hsCode'], ['items', 1, 'quantity'], ['items', 1, 'grossWeightKg'], ['items', 1, 'note'],
];

function mutate(target: Record<string, unknown>, path: (string | number)[], value: unknown, remove: boolean) {
  let node: Record<string | number, unknown> = target;
  for (const step of path.slice(0, -1)) {
    const child = node[step];
    if (typeof child !== 'object' || child === null) return;
    node = child as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
}

function baseParcel(mode: Mode, n: number): Record<string, unknown> {
  const p = parcel(mode === 'postal' ? s10(n + 1) : `1Z${String(n).padStart(10, '0')}`, {
    items: [
      { description: 'Running shoes, mesh upper', hsCode: '6404.11', quantity: 1, value: 24.9, currency: 'EUR', originCountry: 'CN', netWeightKg: 0.8 },
      { description: 'Socks', hsCode: '611595', quantity: 3, value: 0, currency: 'usd' },
    ],
  });
  const full = structuredClone(p) as Record<string, unknown>;
  // Every other parcel carries every data element of an advance filing, and some kept fields.
  if (n % 2 === 0) {
    const details = { street: 'Kerkstraat', houseNumber: '1A', postcode: '9000', city: 'Gent', subdivision: 'Oost-Vlaanderen', eori: 'BE0123456789', taxId: 'BE 0123.456.789', otherId: { type: 'national id', value: '85.07.30-033.61' }, phone: '+32 9 123 45 67', email: 'anna@example.be' };
    Object.assign(full.consignee as object, details);
    Object.assign(full.sender as object, { ...details, eori: 'CN1234567890', extra: { wechat: 'bright' } });
    Object.assign(full.seller as object, { url: 'https://shop.example/bright', address: '1 Industrial Rd', ...details, note: 'kept' });
    Object.assign(full, { houseWaybill: 'HWB-0001', masterWaybill: '157-12345675', transportDocument: { type: 'N740', reference: '157-12345675' }, insurance: { value: 2, currency: 'EUR' } });
    (full.items as Record<string, unknown>[])[0]!.grossWeightKg = 0.85;
    (full.items as Record<string, unknown>[])[1]!.lot = 'L-7';
  }
  return full;
}

function compare(input: unknown, mode: Mode) {
  const fast = fastParseParcel(structuredClone(input), mode);
  const zod = parcelSchemaFor(mode).safeParse(structuredClone(input));
  if (fast !== undefined) {
    expect(zod.success, `zod rejects what the fast path accepted: ${JSON.stringify(input)}`).toBe(true);
    // Same values, same keys (present-but-undefined included), same key order as zod.
    expect(fast).toStrictEqual(zod.data);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  }
  return { fast: fast !== undefined, zod: zod.success };
}

describe('parcel fast path', () => {
  it('keeps unknown keys under extra, in zod\'s order, on both paths', () => {
    const input = { ...baseParcel('postal', 2), zeta: 1, extra: { alpha: 'a' }, beta: [true] };
    const fast = fastParseParcel(structuredClone(input), 'postal');
    expect(fast).toBeDefined();
    expect(fast!.extra).toEqual({ alpha: 'a', insurance: { value: 2, currency: 'EUR' }, zeta: 1, beta: [true] });
    expect(Object.keys(fast!.extra!)).toEqual(['alpha', 'insurance', 'zeta', 'beta']);
    expect(fast!.items[1]!.extra).toEqual({ lot: 'L-7' });
    expect(fast).toStrictEqual(parcelSchemaFor('postal').parse(input));
    // A field given both at its place and under extra is refused, not silently overwritten.
    expect(parcelSchemaFor('postal').safeParse({ ...input, alpha: 'b' }).success).toBe(false);
    expect(fastParseParcel({ ...input, alpha: 'b' }, 'postal')).toBeUndefined();
  });

  it('accepts the valid fixtures of both modes and produces zod output exactly', () => {
    for (const mode of ['postal', 'express'] as const) {
      for (let n = 0; n < 50; n++) expect(compare(baseParcel(mode, n), mode)).toEqual({ fast: true, zod: true });
    }
  });

  it('agrees with zod on thousands of seeded mutations, and takes the fast path for most valid ones', () => {
    // Seeded: the same cases on every run, so a failure reproduces.
    const r = new Random(20261130);
    let zodValid = 0;
    let fastValid = 0;
    let cases = 0;
    for (let n = 0; n < 6000; n++) {
      const mode = r.pick(['postal', 'express'] as const);
      const input = baseParcel(mode, n);
      const mutations = 1 + Math.floor(r.next() * 3);
      for (let m = 0; m < mutations; m++) mutate(input, r.pick(PATHS), r.pick(ODD_VALUES), r.next() < 0.15);
      const outcome = compare(input, mode);
      cases++;
      if (outcome.zod) zodValid++;
      if (outcome.fast) fastValid++;
    }
    // The generator must exercise both sides: many mutations stay valid (whitespace, case, codes),
    // many do not.
    expect(zodValid).toBeGreaterThan(cases * 0.08);
    expect(cases - zodValid).toBeGreaterThan(cases * 0.3);
    // Valid parcels fall back to zod only for what the fast path leaves to it on purpose.
    expect(fastValid / zodValid).toBeGreaterThan(0.95);
  });

  it('rejects by falling back, so zod reports the field: check digit, country, J/K service', () => {
    for (const id of ['RB123456786US', 'RB123456785XX', 'JJ123456785CN']) {
      const input = { ...baseParcel('postal', 1), itemId: id };
      expect(fastParseParcel(input, 'postal')).toBeUndefined();
      expect(parcelSchemaFor('postal').safeParse(input).success).toBe(false);
    }
  });

  it('keeps a present-but-undefined optional key as zod does (CSV rows build such objects)', () => {
    const input = baseParcel('postal', 3);
    (input.sender as Record<string, unknown>).address = undefined;
    input.grossWeightKg = undefined;
    const fast = fastParseParcel(input, 'postal');
    expect(fast).toBeDefined();
    expect(Object.keys(fast!.sender)).toEqual(['name', 'address', 'country']);
    expect(fast).toStrictEqual(parcelSchemaFor('postal').parse(input));
  });
});
