/**
 * parseJsonBytes must give exactly what JSON.parse(new TextDecoder().decode(bytes)) gives, value
 * or error, for any body: seeded random documents with text from every Unicode range, and the
 * cases that must take the plain path (\u escapes, invalid UTF-8, a byte-order mark, bad syntax).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../src/domain/json-bytes.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
import { Random } from '../bench/gen/random.ts';

const decoder = new TextDecoder();
const utf8 = (text: string) => new TextEncoder().encode(text);

function reference(bytes: Uint8Array): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(decoder.decode(bytes)) as unknown };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

function actual(bytes: Uint8Array): { value: unknown } | { error: string } {
  try {
    return { value: parseJsonBytes(bytes) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

function expectSame(bytes: Uint8Array) {
  const want = reference(bytes);
  const got = actual(bytes);
  expect(got).toStrictEqual(want);
  // Same keys in the same order, down to own "__proto__" properties.
  if ('value' in want && 'value' in got) expect(JSON.stringify(got.value)).toBe(JSON.stringify(want.value));
}

/** Text from ASCII, Latin-1, other BMP scripts, symbols, astral emoji and combining marks. */
const PIECES = ['a', 'Z', ' ', '"', '\\', '\n', '\t', '/', 'é', 'ü', 'ß', 'ÿ', '\u0080', '\u00a0', 'Ж', 'ı', '中', '–', '™', '€', '\u200b', '😀', '𝔄', 'é', '\u0301', '\ufeff', '\ud7ff', '\ue000', '\ufffd'];

function randomText(next: () => number, maxLength: number): string {
  let s = '';
  const n = Math.floor(next() * maxLength);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)]!;
  return s;
}

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth <= 0 || r < 0.45) {
    if (r < 0.3) return randomText(next, 12);
    if (r < 0.38) return Math.round(next() * 1e6) / 100;
    return r < 0.42 ? null : next() < 0.5;
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth - 1));
  const o: Record<string, unknown> = {};
  const keys = Math.floor(next() * 5);
  for (let i = 0; i < keys; i++) o[next() < 0.7 ? `k${i}` : randomText(next, 6) || `k${i}`] = randomValue(next, depth - 1);
  return o;
}

describe('parseJsonBytes', () => {
  it('equals TextDecoder + JSON.parse on 3,000 random documents from every Unicode range', () => {
    const random = new Random(42);
    const next = () => random.next();
    for (let i = 0; i < 3000; i++) {
      // JSON.stringify escapes only ", \\ and control characters: everything else stays raw UTF-8.
      expectSame(utf8(JSON.stringify(randomValue(next, 4))));
    }
  });

  it('decodes each string once: Latin-1 letters survive (ü is itself a byte >= 0x80 once decoded)', () => {
    const body = utf8(JSON.stringify({ name: 'Müller', city: 'Köln', list: ['García', 'Ωmega'], nested: { ключ: 'значение', 'ü': 'ü' } }));
    expect(parseJsonBytes(body)).toStrictEqual({ name: 'Müller', city: 'Köln', list: ['García', 'Ωmega'], nested: { ключ: 'значение', 'ü': 'ü' } });
  });

  it('keeps an own "__proto__" key an own property, decoded keys or not', () => {
    for (const text of ['{"__proto__":{"x":"é"},"a":"ü"}', '{"ключ":1,"__proto__":{"polluted":"ja"}}', '[{"__proto__":"Ж"}]']) {
      expectSame(utf8(text));
      const parsed = parseJsonBytes(utf8(text)) as Record<string, unknown> | Record<string, unknown>[];
      const first = Array.isArray(parsed) ? parsed[0]! : parsed;
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(Object.hasOwn(first, '__proto__')).toBe(true);
    }
  });

  it('takes the plain path for \\u escapes, invalid UTF-8, a byte-order mark and syntax errors, with the same results', () => {
    expectSame(utf8('{"a":"\\u00e9 é","b":"\\u4e2d"}'));
    expectSame(utf8('{"a":"\\\\u00e9 é"}'));
    expectSame(new Uint8Array([...utf8('{"a":"M'), 0xfc, ...utf8('ller é"}')])); // Latin-1 byte: invalid UTF-8
    expectSame(new Uint8Array([...utf8('{"a":"'), 0xe2, 0x82, ...utf8('"}')])); // cut multi-byte sequence
    expectSame(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":"é"}')]));
    expectSame(utf8('{"a":"é",}'));
    expectSame(utf8('{"a": é}'));
    expectSame(utf8('{"a":1'));
    expectSame(utf8(''));
  });

  it('reads real manifests the same way, ASCII-only or not', () => {
    const ascii = manifest('M-1', [parcel(s10(1))]);
    const accented = manifest('M-2', [parcel(s10(2), { consignee: { name: 'Zoë Müller', address: 'Straße 1, Köln', country: 'DE' } })]);
    for (const m of [ascii, accented]) expectSame(utf8(JSON.stringify(m)));
  });
});
