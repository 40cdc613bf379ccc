/**
 * Where each parcel of a JSON manifest body sits in its text, so that a parcel already in stored
 * form can be kept as the operator wrote it instead of being serialised again.
 *
 * `JSON.stringify` of the validated parcels, and the garbage of the strings it makes, was the
 * largest cost of reading a manifest (~5 ms per 1,000 parcels on Node 20). Most operators send
 * compact JSON whose parcels validation leaves untouched: for those, the text on the wire already
 * is a faithful JSON text of the parcel. One pass over the body finds them.
 *
 * Call it only on text that `JSON.parse` accepted: it trusts the syntax and reads only the
 * structure (nesting, where strings end, the top-level keys).
 */

/** Offsets of one array element; `compact` when it holds no whitespace outside its strings. */
export interface ElementSpan {
  start: number;
  end: number;
  compact: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The spans of the object elements of the top-level `parcels` array, indexed like the array
 * (holes where an element is not an object), or `null` when the body's top level cannot be read
 * with certainty: not an object, no `parcels` array, or a top-level key written with escapes (it
 * might spell "parcels"). When a body repeats the key, the last one counts, as in `JSON.parse`.
 */
export function findParcelSpans(text: string): (ElementSpan | undefined)[] | null {
  const n = text.length;
  let depth = 0;
  // At depth 1: whether the next string is a key, and whether the last key was "parcels".
  let expectKey = false;
  let lastKeyIsParcels = false;
  let spans: (ElementSpan | undefined)[] | null = null;
  let inParcels = false;
  let index = 0;
  let sawElement = false;
  let current: ElementSpan | undefined;
  // Strings end at the next quote unless a backslash comes first: indexOf (native, fast) finds
  // both, and only strings with escapes are walked character by character.
  let nextBackslash = text.indexOf('\\');
  if (nextBackslash < 0) nextBackslash = n;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inParcels && depth === 2 && c !== 0x5d && c !== 0x2c && !isWhitespace(c)) sawElement = true;
    switch (c) {
      case QUOTE: {
        const start = i + 1;
        let end = text.indexOf('"', start);
        const escaped = nextBackslash < end;
        if (escaped) {
          end = start;
          while (end < n && text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
          nextBackslash = text.indexOf('\\', end);
          if (nextBackslash < 0) nextBackslash = n;
        }
        // An unterminated string: not text that JSON.parse accepted.
        if (end < 0 || end >= n) return null;
        if (depth === 1 && expectKey) {
          if (escaped) return null;
          lastKeyIsParcels = end - start === 7 && text.startsWith('parcels', start);
        }
        i = end;
        break;
      }
      case 0x7b: // {
      case 0x5b: // [
        if (depth === 0) {
          if (c !== 0x7b) return null;
          expectKey = true;
        } else if (depth === 1 && c === 0x5b && lastKeyIsParcels) {
          // A later "parcels" key replaces an earlier one, as in JSON.parse.
          spans = [];
          inParcels = true;
          index = 0;
          sawElement = false;
        } else if (depth === 2 && inParcels && c === 0x7b) {
          current = { start: i, end: i, compact: true };
        }
        depth++;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        depth--;
        if (depth === 2 && inParcels && current) {
          current.end = i + 1;
          spans![index] = current;
          current = undefined;
        } else if (depth === 1 && inParcels) {
          inParcels = false;
          // As long as the array: elements that are not objects leave holes.
          spans!.length = sawElement ? index + 1 : 0;
        }
        break;
      case 0x2c: // ,
        if (depth === 1) expectKey = true;
        else if (depth === 2 && inParcels) index++;
        break;
      case 0x3a: // :
        if (depth === 1) expectKey = false;
        break;
      default:
        if (current && isWhitespace(c)) current.compact = false;
    }
  }
  return spans;
}
