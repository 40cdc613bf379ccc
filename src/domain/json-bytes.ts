/**
 * `JSON.parse` of a UTF-8 request body, without decoding the whole body as UTF-8 first.
 *
 * Node 20 decodes UTF-8 slowly once a body holds any non-ASCII byte (a consignee in Köln, a
 * title with "–"): ~5 ms for a 650 KB manifest, and the resulting two-byte string also parses
 * slower. Such bodies are mostly ASCII, so they are read as Latin-1 (one byte, one character:
 * a copy), parsed, and only the few strings holding bytes >= 0x80 are decoded as UTF-8 again.
 *
 * That gives exactly `JSON.parse(new TextDecoder().decode(bytes))` when the body is valid UTF-8
 * and holds no `\u` escape: JSON copies bytes >= 0x80 into strings untouched, every escape
 * other than `\u` yields an ASCII character, and valid UTF-8 keeps each multi-byte sequence whole
 * between them, so re-encoding a parsed string as Latin-1 gives back its UTF-8 bytes. Anything
 * else (invalid UTF-8, a `\u` escape, a byte-order mark, a syntax error, whose message should name
 * the real characters) takes the plain path. `test/json-bytes.test.ts` compares the two.
 */
import { isAscii, isUtf8 } from 'node:buffer';

const decoder = new TextDecoder('utf-8');
const HIGH_BYTE = /[\x80-\xff]/;
const UNICODE_ESCAPE = Buffer.from('\\u');

export function parseJsonBytes(bytes: Uint8Array): unknown {
  return readJsonBytes(bytes).value;
}

export interface JsonBytesRead {
  value: unknown;
  /**
   * The body read as Latin-1 (one character per byte, so offsets in it are byte offsets) when
   * it was parsed that way: valid UTF-8 without `\u` escapes. `null` after the plain path.
   */
  latin1: string | null;
}

/** `parseJsonBytes`, also giving the Latin-1 text it parsed, for callers that slice the body. */
export function readJsonBytes(bytes: Uint8Array): JsonBytesRead {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ASCII reads the same as Latin-1 and as UTF-8: same text, same value, same errors.
  if (isAscii(buffer)) {
    const latin1 = buffer.toString('latin1');
    return { value: JSON.parse(latin1), latin1 };
  }
  if (!isUtf8(buffer) || buffer.includes(UNICODE_ESCAPE)) return { value: parsePlain(bytes), latin1: null };
  const latin1 = buffer.toString('latin1');
  let value: unknown;
  try {
    value = JSON.parse(latin1);
  } catch {
    return { value: parsePlain(bytes), latin1: null };
  }
  return { value: redecode(value), latin1 };
}

/**
 * The text of a slice of a Latin-1 read of valid UTF-8: decoded again as UTF-8 when it holds
 * bytes >= 0x80. Valid only for slices that cut no multi-byte sequence (they start and end at
 * ASCII characters).
 */
export function decodeLatin1Slice(latin1: string, start: number, end: number): string {
  return redecodeString(latin1.slice(start, end));
}

function parsePlain(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes));
}

function redecodeString(s: string): string {
  return HIGH_BYTE.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/**
 * Decodes the strings and keys that hold bytes >= 0x80, each exactly once (a decoded "ü" is
 * U+00FC, itself in that range: decoding it twice would corrupt it). In place where possible.
 * Iterative (a stack of slots to visit), as every walk of an untrusted body: a body nests as deep
 * as its sender likes, and a recursive walk overflows the call stack at ~10,000 levels.
 */
function redecode(value: unknown): unknown {
  const root: Record<string, unknown> = { value };
  const holders: (Record<string, unknown> | unknown[])[] = [root];
  const keys: (string | number)[] = ['value'];
  while (holders.length > 0) {
    const holder = holders.pop()!;
    const key = keys.pop()!;
    const v: unknown = (holder as Record<string | number, unknown>)[key];
    if (typeof v === 'string') {
      place(holder, key, redecodeString(v));
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (needsVisit(v[i])) (holders.push(v), keys.push(i));
      continue;
    }
    let record = v as Record<string, unknown>;
    for (const k in record) {
      if (HIGH_BYTE.test(k)) {
        record = rebuildWithDecodedKeys(record);
        place(holder, key, record);
        break;
      }
    }
    for (const k in record) if (needsVisit(record[k])) (holders.push(record), keys.push(k));
  }
  return root.value;
}

/** Strings with bytes >= 0x80 and containers (which may hold some). */
function needsVisit(v: unknown): boolean {
  return typeof v === 'string' ? HIGH_BYTE.test(v) : typeof v === 'object' && v !== null;
}

function place(holder: Record<string, unknown> | unknown[], key: string | number, value: unknown) {
  if (Array.isArray(holder)) holder[key as number] = value;
  else define(holder, key as string, value);
}

/**
 * A copy of an object whose keys need decoding: same order, own data properties as JSON.parse
 * makes them; its values are decoded afterwards, by the walk.
 */
function rebuildWithDecodedKeys(record: Record<string, unknown>): Record<string, unknown> {
  const rebuilt: Record<string, unknown> = {};
  for (const k of Object.keys(record)) define(rebuilt, redecodeString(k), record[k]);
  return rebuilt;
}

/** defineProperty, not assignment: a `__proto__` key from JSON is an own property, not the prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
