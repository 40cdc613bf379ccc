/**
 * A valid parcel is stored as the text the operator sent when that text is compact and
 * validation left the parcel as it was; otherwise as JSON.stringify of the validated parcel.
 * Either way the stored text must parse to exactly the validated parcel. These tests hold the
 * body scanner (findParcelSpans), the value comparison (sameJsonValue) and readManifest to that.
 */
import { describe, expect, it } from 'vitest';
import { findParcelSpans } from '../src/domain/json-elements.ts';
import { sameJsonValue } from '../src/domain/json-equal.ts';
import { readManifest, type ManifestRead } from '../src/domain/read-manifest.ts';
import { validateManifest } from '../src/domain/validate-manifest.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { Random } from '../bench/gen/random.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Buffer.from(utf8(text)).toString('latin1');

function read(text: string): Extract<ManifestRead, { ok: true }> {
  const out = readManifest({ body: utf8(text), mediaType: 'application/json', query: {}, maxParcels: 10_000 });
  if (!out.ok) throw new Error(`${out.code}: ${out.message}`);
  return out;
}

/** The parcels as validation returns them, from the same text. */
function validated(text: string) {
  const v = validateManifest(JSON.parse(new TextDecoder().decode(utf8(text))), 10_000);
  if (!v.ok) throw new Error('invalid manifest');
  return v.valid.map((x) => x.parcel);
}

/** A parcel already in stored form: what validation returns is what was sent. */
function canonicalParcel(serial: number) {
  return parcel(s10(serial), {
    items: [{ description: 'Running shoes, mesh upper', hsCode: '640411', quantity: 1, value: 24.9, currency: 'EUR', originCountry: 'CN', netWeightKg: 0.8 }],
  });
}

describe('findParcelSpans', () => {
  it('finds each parcel of a compact body, whatever its strings hold', () => {
    const parcels = [
      { itemId: 'A', note: 'brackets ] } [ { and "quotes" and \\ backslashes', n: [1, { x: '}' }] },
      { itemId: 'B', 'key with \\"': '"', parcels: ['nested', { parcels: [] }] },
      { itemId: 'C', text: 'Müller 中 😀 \u00a0' },
    ];
    const text = JSON.stringify({ manifestRef: 'parcels', note: '[{', parcels, after: [{ a: 1 }] });
    const spans = findParcelSpans(latin1(text));
    expect(spans).toHaveLength(3);
    const bytes = Buffer.from(utf8(text));
    spans!.forEach((span, i) => {
      expect(span!.compact).toBe(true);
      expect(JSON.parse(bytes.subarray(span!.start, span!.end).toString('utf8'))).toStrictEqual(parcels[i]);
    });
  });

  it('leaves holes for elements that are not objects and counts them', () => {
    const spans = findParcelSpans('{"parcels":[ 1 ,"x",{"a":1}, null ,[{"b":2}],{"c":3} ]}');
    expect(spans).toHaveLength(6);
    expect([0, 1, 3, 4].map((i) => spans![i])).toEqual([undefined, undefined, undefined, undefined]);
    expect(spans![2]).toEqual({ start: 20, end: 27, compact: true });
    expect(spans![5]).toMatchObject({ compact: true });
    expect(findParcelSpans('{"parcels":[]}')).toEqual([]);
    expect(findParcelSpans('{"parcels":[ ]}')).toEqual([]);
  });

  it('marks elements with whitespace outside their strings', () => {
    const spans = findParcelSpans('{"parcels": [{"a":"x y"}, {"a": 1}, {"a":\n1}]}');
    expect(spans!.map((s) => s!.compact)).toEqual([true, false, false]);
  });

  it('takes the last "parcels" key, as JSON.parse does', () => {
    const text = '{"parcels":[{"first":1},{"first":2},{"first":3}],"x":{"parcels":[{"nested":1}]},"parcels":[{"last":1},2]}';
    const spans = findParcelSpans(text)!;
    expect(spans).toHaveLength(2);
    expect(JSON.parse(text.slice(spans[0]!.start, spans[0]!.end))).toStrictEqual({ last: 1 });
    expect(spans[1]).toBeUndefined();
  });

  it('gives up where the top level cannot be read with certainty', () => {
    expect(findParcelSpans('{"parc\\u0065ls":[{"a":1}]}')).toBeNull();
    expect(findParcelSpans('[{"parcels":[{"a":1}]}]')).toBeNull();
    expect(findParcelSpans('{"manifestRef":"x"}')).toBeNull();
    // Not JSON at all (the caller parses first): an unterminated string ends the scan.
    expect(findParcelSpans('{"parcels":[{"a":"x')).toBeNull();
    expect(findParcelSpans('{"parcels":[{"a":"x\\"')).toBeNull();
    expect(findParcelSpans('{"parcels":{"0":{"a":1}}}')).toBeNull();
    // An escaped value at the top level is fine: only keys could spell "parcels".
    expect(findParcelSpans('{"ref":"a\\"b","parcels":[{"a":"\\\\"}]}')).toHaveLength(1);
  });
});

describe('sameJsonValue', () => {
  it('compares JSON values, ignoring key order only', () => {
    expect(sameJsonValue({ a: 1, b: [1, 'x', { c: null }] }, { b: [1, 'x', { c: null }], a: 1 })).toBe(true);
    expect(sameJsonValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJsonValue({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJsonValue({ a: ' x' }, { a: 'x' })).toBe(false);
    expect(sameJsonValue({ a: 'cn' }, { a: 'CN' })).toBe(false);
    expect(sameJsonValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJsonValue([1], { 0: 1 })).toBe(false);
    expect(sameJsonValue({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameJsonValue({ a: null }, { a: undefined })).toBe(false);
    expect(sameJsonValue({}, { a: undefined })).toBe(false);
    expect(sameJsonValue(JSON.parse('{"__proto__":{"x":1},"a":1}'), { a: 1 })).toBe(false);
  });
});

describe('stored parcel text', () => {
  it('is the text as sent for compact parcels that validation leaves as they are', () => {
    const sent = [canonicalParcel(1), canonicalParcel(2)];
    const text = JSON.stringify(manifest('M-1', sent));
    const out = read(text);
    expect(out.parcels.map((p) => p.data)).toEqual(sent.map((p) => JSON.stringify(p)));
  });

  it('is the text as sent when the parcel already holds its kept fields under extra', () => {
    const sent = { ...canonicalParcel(11), houseWaybill: 'HWB-1', extra: { insurance: 'none', lines: [1, 2] } };
    const out = read(JSON.stringify(manifest('M-extra', [sent])));
    expect(out.parcels[0]!.data).toBe(JSON.stringify(sent));
    // The same field sent at the top level is moved: the stored text is the validated parcel.
    const moved = read(JSON.stringify(manifest('M-moved', [{ ...canonicalParcel(12), insurance: 'none' }])));
    expect(JSON.parse(moved.parcels[0]!.data)).toMatchObject({ extra: { insurance: 'none' } });
    expect(JSON.parse(moved.parcels[0]!.data)).not.toHaveProperty('insurance');
  });

  it('keeps non-ASCII text exact', () => {
    const sent = canonicalParcel(3);
    sent.consignee = { name: 'Zoë Müller-Łukasiewicz 王 😀', address: 'Straße 1 – Köln', country: 'DE' };
    const out = read(JSON.stringify(manifest('M-2', [sent])));
    expect(out.parcels[0]!.data).toBe(JSON.stringify(sent));
    expect(JSON.parse(out.parcels[0]!.data)).toStrictEqual(sent);
  });

  it('is the validated parcel serialised when the sent text was not compact or was normalised', () => {
    const cases: [string, unknown][] = [
      ['hs code with a dot', parcel(s10(4))],
      ['item id with spaces', { ...canonicalParcel(5), itemId: s10(5).replace(/^(..)(\d{4})/, '$1 $2 ') }],
      ['name to trim', { ...canonicalParcel(6), seller: { name: ' Trimmed Ltd ', country: 'CN' } }],
      ['lower-case country', { ...canonicalParcel(7), sender: { name: 'S', country: 'cn' } }],
      ['unknown key, moved under extra', { ...canonicalParcel(8), internalNote: 'x' }],
      ['unknown item key, moved under extra', { ...canonicalParcel(10), items: [{ ...canonicalParcel(10).items[0]!, lot: 'L-1' }] }],
    ];
    for (const [n, [what, sent]] of cases.entries()) {
      const text = JSON.stringify(manifest(`M-${n}`, [sent]));
      const out = read(text);
      expect(out.parcels, what).toHaveLength(1);
      expect(out.parcels[0]!.data, what).toBe(JSON.stringify(validated(text)[0]));
    }
    const pretty = JSON.stringify(manifest('M-pretty', [canonicalParcel(9)]), null, 2);
    expect(read(pretty).parcels[0]!.data).toBe(JSON.stringify(canonicalParcel(9)));
  });

  it('parses to the validated parcel for any formatting of the body (seeded)', () => {
    const random = new Random(7);
    const spacing = ['', '', '', ' ', '\n  ', '\t'];
    type Style = { spaced: boolean; escaped: boolean };
    /** JSON text with random key order and extra keys, and spacing or escapes if the style says so. */
    const write = (value: unknown, style: Style): string => {
      const ws = () => (style.spaced ? spacing[random.int(0, spacing.length - 1)]! : '');
      if (typeof value === 'string') {
        const plain = JSON.stringify(value);
        if (!style.escaped || random.next() < 0.8) return plain;
        // Escape one character as \uXXXX (any character may be written so in JSON).
        const at = random.int(1, Math.max(1, plain.length - 2));
        const ch = plain[at]!;
        return ch === '\\' || ch === '"' || /[\ud800-\udfff]/.test(ch) ? plain : `${plain.slice(0, at)}\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}${plain.slice(at + 1)}`;
      }
      if (Array.isArray(value)) return `[${ws()}${value.map((v) => write(v, style)).join(`${ws()},${ws()}`)}${ws()}]`;
      if (value && typeof value === 'object') {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined);
        if (random.next() < 0.3) entries.reverse();
        if (random.next() < 0.1) entries.push(['unlisted', 'moved under extra by validation']);
        return `{${ws()}${entries.map(([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${write(v, style)}`).join(`${ws()},${ws()}`)}${ws()}}`;
      }
      return JSON.stringify(value);
    };
    const names = ['Anna Peeters', 'Zoë Müller', 'José "Pepe" García', 'Back\\slash Ltd', '王小明', 'Ölçü 😀 Ltd', 'Tab\there'];
    let verbatim = 0;
    for (let round = 0; round < 60; round++) {
      const sent = Array.from({ length: 5 }, (_, i) => {
        const p = canonicalParcel(round * 10 + i + 100);
        p.consignee = { name: random.pick(names), address: random.pick(names), country: 'BE' };
        if (random.next() < 0.2) p.items[0]!.hsCode = '6404.11';
        return p;
      });
      const body = manifest(`R-${round}`, sent);
      const text = round % 4 === 0 ? JSON.stringify(body) : write(body, { spaced: round % 4 === 2, escaped: round % 4 === 3 });
      const out = read(text);
      const want = validated(text);
      expect(out.parcels.map((p) => JSON.parse(p.data))).toStrictEqual(want.map((p) => JSON.parse(JSON.stringify(p))));
      verbatim += out.parcels.filter((p, i) => p.data !== JSON.stringify(want[i])).length;
    }
    // Some parcels kept the operator's key order or escapes: the text as sent was used for them.
    expect(verbatim).toBeGreaterThan(0);
  });
});
