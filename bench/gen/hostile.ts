/**
 * Hostile request bodies, generated from an endpoint's valid body by families of mutation: deep
 * nesting, prototype names as keys and values, huge numbers and exponent overflow, control
 * characters and lone surrogates, wrong types, oversize, truncated JSON, invalid UTF-8, wrong
 * content types, and CSV oddities for manifests. Seeded: the same seed gives the same bodies.
 */
import { CSV_COLUMNS } from '../../src/domain/manifest-csv.ts';
import type { WriteEndpoint } from '../lib/write-endpoints.ts';
import { Random } from './random.ts';

export interface HostileRequest {
  family: string;
  contentType: string | null;
  body: Buffer;
}

export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'then'];
const NASTY_STRINGS = [
  '\u0000', 'a\u0000b', '\u0007bell', '\u001b[31mred', '\ud800', 'x\udfff', '\udc00\ud800', '\ufeffBOM', '\u202eevil', 'zero\u200bwidth',
  '', ' ', '\t\n\r', '%00', '\\u0000', '"quoted"', "'; drop table parcels; --", '=cmd|calc', '+SUM(A1)', '-1+1', '@x', '<script>alert(1)</script>',
  '🙂'.repeat(100), 'ß'.repeat(1000), 'x'.repeat(100_000), '١٢٣', 'Ｎｉｋｅ', 'RR000000000CN', '../../etc/passwd', 'null', 'true', '1e999',
];
const NASTY_NUMBERS = ['1e308', '-1e308', '1e309', '-1e309', '1e99999', '-1e-99999', '0.1e-400', '-0', '123456789012345678901234567890', '9007199254740993', '0.30000000000000004', '1E+2', '-0.0e0'];
const WRONG_CONTENT_TYPES = [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml', 'application/jsonx', 'text/csv'];

type Json = unknown;

/** Every [holder, key] slot of a JSON value, holders first. */
function slots(value: Json): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  const stack: Json[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((child, i) => (out.push([v, i]), stack.push(child)));
    else if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) (out.push([v as Record<string, Json>, k]), stack.push(child));
  }
  return out;
}

/** JSON text with a raw fragment (not valid as a JS value: `1e999`, deep nesting) at one slot. */
function withRawAt(valid: Json, random: Random, raw: string): string {
  const marker = `@@RAW${random.int(0, 1e9)}@@`;
  const copy = structuredClone(valid);
  const all = slots(copy);
  if (all.length === 0) return raw;
  const [holder, key] = random.pick(all);
  (holder as Record<string | number, Json>)[key] = marker;
  return JSON.stringify(copy).replace(`"${marker}"`, raw);
}

function nesting(levels: number, random: Random): string {
  const open = random.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(levels)}${random.pick(['1', '"x"', 'null', '[]'])}${close.repeat(levels)}`;
}

function csvOf(manifest: { manifestRef: string; mode: string; regime: string; destinationCountry: string; parcels: Record<string, Json>[] }): string[][] {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const p of manifest.parcels) {
    const seller = p.seller as Record<string, string>;
    const sender = p.sender as Record<string, string>;
    const consignee = p.consignee as Record<string, string>;
    for (const item of p.items as Record<string, string | number>[]) {
      rows.push([
        manifest.manifestRef, manifest.mode, manifest.regime, manifest.destinationCountry, String(p.itemId), String(p.category),
        seller.name!, seller.country!, seller.marketplace ?? '', '', sender.name!, sender.address!, sender.country!,
        consignee.name!, consignee.address!, consignee.country!, String(p.grossWeightKg),
        String(item.description), String(item.hsCode), String(item.quantity), String(item.value), String(item.currency), String(item.originCountry ?? ''), String(item.netWeightKg ?? ''),
      ]);
    }
  }
  return rows;
}

const quoteCsv = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

function hostileCsv(endpoint: WriteEndpoint, random: Random): HostileRequest {
  const rows = csvOf(endpoint.valid() as Parameters<typeof csvOf>[0]);
  const oddity = random.pick(['semicolons', 'unbalanced quote', 'bom', 'extra column', 'missing column', 'prototype header', 'nasty cell', 'empty', 'header only', 'crlf mix', 'nul byte', 'huge cell', 'ragged row', 'formula']);
  let text: string;
  const join = (r: string[][], sep = ',', eol = '\n') => r.map((row) => row.map(quoteCsv).join(sep)).join(eol);
  switch (oddity) {
    case 'semicolons': text = join(rows, ';'); break;
    case 'unbalanced quote': text = join(rows).replace(',', ',"'); break;
    case 'bom': text = `\ufeff${join(rows)}`; break;
    case 'extra column': text = join(rows.map((r, i) => [...r, i === 0 ? 'surprise' : 'x'])); break;
    case 'missing column': text = join(rows.map((r) => r.filter((_, i) => i !== random.int(0, r.length - 1)))); break;
    case 'prototype header': text = join(rows.map((r, i) => (i === 0 ? r.map((c, j) => (j === random.int(0, r.length - 1) ? random.pick(PROTOTYPE_NAMES) : c)) : r))); break;
    case 'nasty cell': text = join(rows.map((r, i) => (i === 0 ? r : r.map((c, j) => (j === random.int(0, r.length - 1) ? random.pick(NASTY_STRINGS) : c))))); break;
    case 'empty': text = ''; break;
    case 'header only': text = join(rows.slice(0, 1)); break;
    case 'crlf mix': text = rows.map((r) => r.map(quoteCsv).join(',')).join(random.pick(['\r\n', '\r', '\n\r'])); break;
    case 'nul byte': text = join(rows).replace('Bright', 'Bri\u0000ght'); break;
    case 'huge cell': text = join(rows.map((r, i) => (i === 1 ? r.map((c, j) => (j === 17 ? 'y'.repeat(200_000) : c)) : r))); break;
    case 'ragged row': text = `${join(rows)}\n${'a,b'}`; break;
    default: text = join(rows.map((r, i) => (i === 0 ? r : r.map((c) => `=${c}`))));
  }
  return { family: `csv ${oddity}`, contentType: 'text/csv', body: Buffer.from(text) };
}

/** One hostile request for `endpoint`; `limit` is its body size limit. */
export function hostileRequest(endpoint: WriteEndpoint, random: Random, limit: number): HostileRequest {
  if (endpoint.csv && random.chance(0.15)) return hostileCsv(endpoint, random);
  const valid = endpoint.valid();
  const json = 'application/json';
  const family = random.pick(['deep', 'prototype key', 'prototype value', 'number', 'text', 'wrong type', 'oversize', 'truncated', 'content type', 'invalid utf-8', 'shape', 'duplicate keys', 'many keys'] as const);
  switch (family) {
    case 'deep': {
      const levels = random.pick([65, 100, 1_000, 8_000, 50_000, 500_000]);
      return { family, contentType: json, body: Buffer.from(random.chance(0.3) ? nesting(levels, random) : withRawAt(valid, random, nesting(levels, random))) };
    }
    case 'prototype key': {
      const name = random.pick(PROTOTYPE_NAMES);
      const raw = random.chance(0.5) ? `{"${name}":{"polluted":true,"isAdmin":true}}` : `{"${name}":${random.pick(['null', '1', '"x"', '[]'])}}`;
      const text = random.chance(0.5) ? withRawAt(valid, random, raw) : `${JSON.stringify(valid).slice(0, -1)},"${name}":${raw}}`;
      return { family, contentType: json, body: Buffer.from(text) };
    }
    case 'prototype value': {
      const copy = structuredClone(valid);
      const strings = slots(copy).filter(([h, k]) => typeof (h as Record<string | number, Json>)[k] === 'string');
      for (let i = 0; i < random.int(1, 3) && strings.length; i++) {
        const [h, k] = random.pick(strings);
        (h as Record<string | number, Json>)[k] = random.pick(PROTOTYPE_NAMES);
      }
      return { family, contentType: json, body: Buffer.from(JSON.stringify(copy)) };
    }
    case 'number':
      return { family, contentType: json, body: Buffer.from(withRawAt(valid, random, random.pick(NASTY_NUMBERS))) };
    case 'text': {
      const copy = structuredClone(valid);
      const all = slots(copy);
      if (all.length) {
        const [h, k] = random.pick(all);
        (h as Record<string | number, Json>)[k] = random.pick(NASTY_STRINGS);
      }
      return { family, contentType: json, body: Buffer.from(JSON.stringify(copy)) };
    }
    case 'wrong type':
      return { family, contentType: json, body: Buffer.from(withRawAt(valid, random, random.pick(['null', 'true', '0', '-1', '[]', '{}', '""', '[[]]', '{"":""}', '[null]', '"1"', '1.5']))) };
    case 'oversize': {
      const over = limit + random.int(1, 1024 * 1024);
      return { family, contentType: json, body: Buffer.from(`${JSON.stringify(valid).slice(0, -1)},"pad":"${'p'.repeat(over)}"}`) };
    }
    case 'truncated': {
      const text = JSON.stringify(valid);
      return { family, contentType: json, body: Buffer.from(text.slice(0, random.int(0, text.length - 1))) };
    }
    case 'content type': {
      const contentType = random.pick(WRONG_CONTENT_TYPES.filter((t) => !(endpoint.csv && t === 'text/csv')));
      return { family: `content type ${contentType ?? 'none'}`, contentType, body: Buffer.from(JSON.stringify(valid)) };
    }
    case 'invalid utf-8': {
      const text = Buffer.from(JSON.stringify(valid));
      const at = random.int(0, text.length - 1);
      return { family, contentType: json, body: Buffer.concat([text.subarray(0, at), Buffer.from([random.pick([0xc3, 0xff, 0xfe, 0xed, 0xf4, 0x80])]), text.subarray(at)]) };
    }
    case 'shape':
      return { family, contentType: json, body: Buffer.from(random.pick(['', 'null', '[]', '0', '"x"', 'true', '{}', '[{}]', '{"a":1}{"b":2}', ' ', '\ufeff{}', '{"a":1,}', "{'a':1}", 'NaN', 'Infinity', '{"a":undefined}'])) };
    case 'duplicate keys': {
      const text = JSON.stringify(valid);
      const firstKey = /^\{"([^"]+)"/.exec(text)?.[1] ?? 'a';
      return { family, contentType: json, body: Buffer.from(`{"${firstKey}":${random.pick(['null', '[]', '1e999'.replace('1e999', '1'), '{"__proto__":1}'])},${text.slice(1)}`) };
    }
    case 'many keys': {
      const keys = Array.from({ length: random.pick([1_000, 50_000]) }, (_, i) => `"k${i}":${i}`).join(',');
      return { family, contentType: json, body: Buffer.from(`${JSON.stringify(valid).slice(0, -1)},${keys}}`) };
    }
  }
}
