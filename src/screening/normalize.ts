/**
 * Folding text to one skeleton before comparing: what defeats the disguises counterfeit sellers
 * use. Case and accents go; Unicode look-alikes become their prototype (UTS #39 confusables, via
 * the unhomoglyph data); leet digits and symbols inside words become letters; letters spaced or
 * dotted apart are joined; doubled letters collapse; shapes that read alike (l/i, rn/m, vv/w) fold
 * together. Every token keeps its offsets in the original text, so evidence can point at it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Unicode's confusables.txt prototypes (UTS #39), as shipped by unhomoglyph (used by Matrix clients).
const CONFUSABLES = require('unhomoglyph/data.json') as Record<string, string>;

/** Letters that the confusables prototypes or NFKD leave outside a-z. */
const EXTRA_FOLDS: Record<string, string> = {
  ĸ: 'k', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ł: 'l', ı: 'i', ɡ: 'g', ſ: 's', þ: 'th', ð: 'd', ŀ: 'l', ȷ: 'j',
};

/** Symbols that stand in for letters inside words (`$ale`, `@didas`, `Gucc!`). */
const SYMBOL_LETTERS: Record<string, string> = { '@': 'a', $: 's', '!': 'i', '|': 'i', '€': 'e', '£': 'l', '¡': 'i', '+': 't' };
/** Digits that stand in for letters, applied only inside tokens that also hold letters (N1ke, not "Omega 3"). */
const LEET_DIGITS: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '6': 'g', '2': 'z' };

const foldCache = new Map<number, string>();

/**
 * One character to its lower-case ASCII-ish form: confusable prototype, then compatibility
 * decomposition without accents. Returns '' for characters that carry no letter (zero-width,
 * combining marks, control).
 */
function foldChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 128) return ch.toLowerCase();
  let folded = foldCache.get(code);
  if (folded !== undefined) return folded;
  let s = CONFUSABLES[ch] ?? ch;
  s = s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  s = [...s].map((c) => EXTRA_FOLDS[c] ?? (CONFUSABLES[c] !== undefined && c.codePointAt(0)! >= 128 ? CONFUSABLES[c]!.toLowerCase() : c)).join('');
  // Zero-width and format characters (ZWSP, ZWJ, soft hyphen, BOM) vanish.
  if (/^[\p{Cf}\p{Cc}]*$/u.test(s)) s = '';
  foldCache.set(code, s);
  return s;
}

/** Accent- and case-folded, without the look-alike mapping: what a human "meant" to type. */
function plainChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 128) return ch.toLowerCase();
  return ch.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

export interface Token {
  /** Lower-case, accents removed, nothing else changed: for dictionary checks and disguise detection. */
  plain: string;
  /** Fully folded: look-alikes, leet, doubled letters, l/i, rn/m, vv/w. What is compared. */
  skel: string;
  /** Offsets in the original text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  /** The shape fold with doubled letters kept (see unCollapsedSkeletonOf). */
  raw: string;
  /** How many raw tokens were joined into this one (letters spaced or dotted apart). */
  parts: number;
  /** For joined runs: the folded single letters, so a mark inside a longer run can be found. */
  letters?: string[];
  /** Invisible characters were hidden inside the word: nobody types those by accident. */
  invisible?: boolean;
}

const isWordChar = (c: string) => /[a-z0-9]/.test(c);
const isSymbolLetter = (c: string) => c in SYMBOL_LETTERS;

/** The shape fold applied to a token already reduced to a-z and digits. */
export function skeletonOf(folded: string): string {
  let s = folded;
  if (/[a-z]/.test(s) && /[0-9$@!|€£¡+]/.test(s)) {
    s = s.replace(/[0-9$@!|€£¡+]/g, (c) => LEET_DIGITS[c] ?? SYMBOL_LETTERS[c] ?? c);
  } else {
    s = s.replace(/[$@!|€£¡+]/g, (c) => SYMBOL_LETTERS[c] ?? c);
  }
  // Shapes that read alike in a product listing's font.
  s = s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl(?=[a-z])/g, 'd').replace(/l/g, 'i');
  // Doubled letters ("Guuccii", "Addidas") collapse; digits keep their runs ("100" stays).
  return s.replace(/([a-z])\1+/g, '$1');
}

/**
 * The shape fold without collapsing doubled letters: a dropped letter can leave a double behind
 * ("Adidas" -> "Addas"), which the collapsed skeleton would put two edits away.
 */
export function unCollapsedSkeletonOf(folded: string): string {
  let s = folded;
  if (/[a-z]/.test(s) && /[0-9$@!|€£¡+]/.test(s)) s = s.replace(/[0-9$@!|€£¡+]/g, (c) => LEET_DIGITS[c] ?? SYMBOL_LETTERS[c] ?? c);
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl(?=[a-z])/g, 'd').replace(/l/g, 'i');
}

interface RawToken {
  plain: string;
  folded: string;
  start: number;
  end: number;
  invisible?: boolean;
}

/** Splits text into raw tokens of letters, digits and letter-like symbols, with offsets. */
function rawTokens(text: string): RawToken[] {
  const tokens: RawToken[] = [];
  let plain = '';
  let folded = '';
  let start = -1;
  let end = 0;
  let invisible = false;
  const flush = () => {
    // A token of symbols only ("$", "@") is punctuation, not a word.
    if (start >= 0 && /[a-z0-9]/.test(folded)) tokens.push(invisible ? { plain, folded, start, end, invisible } : { plain, folded, start, end });
    plain = '';
    folded = '';
    start = -1;
    invisible = false;
  };
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    const len = ch.length;
    if (f === '' && ch.codePointAt(0)! >= 128) {
      // Invisible characters inside a word do not split it ("Gu\u200Bcci").
      i += len;
      if (start >= 0) {
        end = i;
        invisible = true;
      }
      continue;
    }
    const word = f.length > 0 && [...f].every((c) => isWordChar(c) || isSymbolLetter(c));
    if (word) {
      if (start < 0) start = i;
      plain += plainChar(ch);
      folded += f;
      end = i + len;
    } else {
      flush();
    }
    i += len;
  }
  flush();
  return tokens;
}

/** Splits "gucci2024" and "2024gucci" at letter/number boundaries; keeps "n1ke" whole. */
function splitNumbers(t: RawToken): RawToken[] {
  const m = /^([a-z]{2,})(\d{2,})$/.exec(t.folded) ?? /^(\d{2,})([a-z]{2,})$/.exec(t.folded);
  if (!m || t.plain.length !== t.folded.length) return [t];
  const cut = m[1]!.length;
  return [
    { plain: t.plain.slice(0, cut), folded: t.folded.slice(0, cut), start: t.start, end: t.start + cut },
    { plain: t.plain.slice(cut), folded: t.folded.slice(cut), start: t.start + cut, end: t.end },
  ];
}

/**
 * Tokens of a text, with runs of single letters ("G U C C I", "N.I.K.E", "L-V") joined into one
 * token, since no word is spelled one letter at a time.
 */
export function tokenize(text: string): Token[] {
  const raw = rawTokens(text).flatMap(splitNumbers);
  const out: Token[] = [];
  for (let i = 0; i < raw.length; ) {
    const t = raw[i]!;
    if (t.folded.length === 1 && /[a-z]/.test(t.folded)) {
      let j = i;
      while (j + 1 < raw.length && raw[j + 1]!.folded.length === 1 && raw[j + 1]!.start - raw[j]!.end <= 2) j++;
      if (j > i) {
        const run = raw.slice(i, j + 1);
        const plain = run.map((r) => r.plain).join('');
        const folded = run.map((r) => r.folded).join('');
        out.push({ plain, skel: skeletonOf(folded), raw: unCollapsedSkeletonOf(folded), start: t.start, end: raw[j]!.end, parts: run.length, letters: run.map((r) => r.folded) });
        i = j + 1;
        continue;
      }
    }
    const token: Token = { plain: t.plain, skel: skeletonOf(t.folded), raw: unCollapsedSkeletonOf(t.folded), start: t.start, end: t.end, parts: 1 };
    if (t.invisible) token.invisible = true;
    out.push(token);
    i++;
  }
  return out;
}

/** A mark or name as one comparable key: its tokens' skeletons joined without spaces. */
export function keyOf(text: string): string {
  return tokenize(text)
    .map((t) => t.skel)
    .join('');
}

/** A mark's plain spelling (lower case, accents off, letters and digits only), to tell a disguise from the real thing. */
export function plainOf(text: string): string {
  return tokenize(text)
    .map((t) => t.plain)
    .join('');
}
