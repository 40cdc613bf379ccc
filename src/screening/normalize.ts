/**
 * Folding text to one skeleton before comparing: what defeats the disguises counterfeit sellers
 * use. Case and accents go; Unicode look-alikes become their prototype (UTS #39 confusables, via
 * the unhomoglyph data); leet digits and symbols inside words become letters; letters spaced or
 * dotted apart are joined; doubled letters collapse; shapes that read alike (l/i, rn/m, vv/w) fold
 * together. Every token keeps its offsets in the original text, so evidence can point at it.
 */
import { charInfo, INVISIBLE, SEPARATOR, SYMBOL_LETTERS, transliterate, UNSPACED } from './fold.ts';

/** Digits that stand in for letters, applied only inside tokens that also hold letters (N1ke, not "Omega 3"). */
const LEET_DIGITS: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '6': 'g', '2': 'z' };
const leetOrSymbol = (c: string) => LEET_DIGITS[c] ?? SYMBOL_LETTERS.get(c) ?? c;
const symbolOnly = (c: string) => SYMBOL_LETTERS.get(c) ?? c;

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
  /** Look-alikes and leet read, nothing else folded: the letters as a buyer reads them (see spelledOf). */
  spelled: string;
  /** How many raw tokens were joined into this one (letters spaced or dotted apart). */
  parts: number;
  /** For joined runs: the folded single letters, so a mark inside a longer run can be found. */
  letters?: string[];
  /** Invisible characters were hidden inside the word: nobody types those by accident. */
  invisible?: boolean;
  /** Words with letters outside the Latin script: their any-ascii reading ("Адидас" → "adidas"). */
  translit?: string;
}

/**
 * A stretch of a script written without spaces (Chinese, Japanese, Korean, Thai): matched by
 * characters, not words. `text` holds each character NFKC-folded and lower-cased (half-width
 * katakana become full-width); `from[k]` and `to[k]` are the original offsets of the character
 * that produced `text[k]`, so a match still points at the original text.
 */
export interface UnspacedRun {
  text: string;
  from: number[];
  to: number[];
}

export interface TextAnalysis {
  tokens: Token[];
  runs: UnspacedRun[];
}

/** The shape fold applied to a token already reduced to a-z and digits. */
export function skeletonOf(folded: string): string {
  let s = folded;
  if (/[a-z]/.test(s) && /[0-9$@!|€£¡+]/.test(s)) {
    s = s.replace(/[0-9$@!|€£¡+]/g, leetOrSymbol);
  } else if (/[$@!|€£¡+]/.test(s)) {
    s = s.replace(/[$@!|€£¡+]/g, symbolOnly);
  }
  // Shapes that read alike in a product listing's font.
  s = s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl(?=[a-z])/g, 'd').replace(/l/g, 'i');
  // Doubled letters ("Guuccii", "Addidas") collapse; digits keep their runs ("100" stays).
  return s.replace(/([a-z])\1+/g, '$1');
}

/** Leet digits and symbols inside words read as letters, and nothing else: what edits are weighed on besides the shape fold. */
export function spelledOf(folded: string): string {
  return /[a-z]/.test(folded) && /[0-9$@!|€£¡+]/.test(folded) ? folded.replace(/[0-9$@!|€£¡+]/g, leetOrSymbol) : folded;
}

/**
 * The shape fold without collapsing doubled letters: a dropped letter can leave a double behind
 * ("Adidas" -> "Addas"), which the collapsed skeleton would put two edits away.
 */
export function unCollapsedSkeletonOf(folded: string): string {
  let s = folded;
  if (/[a-z]/.test(s) && /[0-9$@!|€£¡+]/.test(s)) s = s.replace(/[0-9$@!|€£¡+]/g, leetOrSymbol);
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl(?=[a-z])/g, 'd').replace(/l/g, 'i');
}

interface RawToken {
  plain: string;
  folded: string;
  start: number;
  end: number;
  invisible?: boolean;
  nonLatin?: boolean;
}

const A = 97;
const Z = 122;
/** ASCII characters that are part of a word: letters, digits and the symbols that stand in for letters. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1;
for (let c = A; c <= Z; c++) ASCII_WORD[c] = 1;
for (const c of '@$!|+') ASCII_WORD[c.charCodeAt(0)] = 2;

const isAlnumCode = (c: number) => c < 128 && ASCII_WORD[c] === 1;

/**
 * Splits text into raw tokens of letters, digits and letter-like symbols, with offsets, and
 * collects the runs of unspaced scripts. ASCII words are sliced and lower-cased whole; other
 * characters go through the per-code-point fold.
 */
function scan(text: string): { raw: RawToken[]; runs: UnspacedRun[] } {
  const tokens: RawToken[] = [];
  const runs: UnspacedRun[] = [];
  let start = -1;
  let end = 0;
  // Built character by character only once a word holds a non-ASCII character.
  let plain: string | null = null;
  let folded = '';
  let invisible = false;
  let nonLatin = false;
  let hasAlnum = false;
  let run: UnspacedRun | null = null;
  const flush = () => {
    // A token of symbols only ("$", "@") is punctuation, not a word.
    if (start >= 0 && hasAlnum) {
      const token: RawToken = plain === null ? { plain: '', folded: '', start, end } : { plain, folded, start, end };
      if (plain === null) {
        token.plain = text.slice(start, end).toLowerCase();
        token.folded = token.plain;
      }
      if (invisible) token.invisible = true;
      if (nonLatin) token.nonLatin = true;
      tokens.push(token);
    }
    start = -1;
    plain = null;
    folded = '';
    invisible = false;
    nonLatin = false;
    hasAlnum = false;
  };
  const endRun = () => {
    if (run) runs.push(composeKana(run));
    run = null;
  };
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      const kind = ASCII_WORD[code];
      if (kind) {
        endRun();
        if (start < 0) start = i;
        if (plain !== null) {
          const lower = code <= 90 && code >= 65 ? String.fromCharCode(code + 32) : text[i]!;
          plain += lower;
          folded += lower;
        }
        if (kind === 1) hasAlnum = true;
        end = i + 1;
        i++;
        continue;
      }
      // A possessive ("Men's Watch", "Levi's") ends the word it belongs to: its "s" is no word of
      // its own, or "s watch" would read as Swatch.
      if ((code === 39 || code === 96) && start >= 0 && (text.charCodeAt(i + 1) | 32) === 115 && !isAlnumCode(text.charCodeAt(i + 2))) {
        flush();
        i += 2;
        continue;
      }
      flush();
      endRun();
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = len === 1 ? text[i]! : text.slice(i, i + 2);
    // The same with the apostrophes keyboards and word processors put there instead: ’ ´ ʼ ′.
    if ((cp === 0x2019 || cp === 0xb4 || cp === 0x2bc || cp === 0x2032) && start >= 0 && (text.charCodeAt(i + 1) | 32) === 115 && !isAlnumCode(text.charCodeAt(i + 2))) {
      flush();
      i += 2;
      continue;
    }
    const info = charInfo(ch, cp);
    const f = info.fold;
    if (f === UNSPACED) {
      flush();
      run ??= { text: '', from: [], to: [] };
      const n = ch.normalize('NFKC').toLowerCase();
      for (let k = 0; k < n.length; k++) {
        run.from.push(i);
        run.to.push(i + len);
      }
      run.text += n;
      i += len;
      continue;
    }
    if (f === INVISIBLE) {
      // Invisible characters inside a word do not split it ("Gu\u200Bcci"); inside a run of an
      // unspaced script they are part of it (Thai vowel signs are marks).
      if (run && /\p{M}/u.test(ch)) {
        run.text += ch;
        run.from.push(i);
        run.to.push(i + len);
      } else if (start >= 0) {
        if (plain === null) {
          plain = text.slice(start, i).toLowerCase();
          folded = plain;
        }
        end = i + len;
        invisible = true;
      }
      i += len;
      continue;
    }
    if (f === SEPARATOR) {
      flush();
      endRun();
      i += len;
      continue;
    }
    endRun();
    if (start < 0) start = i;
    if (plain === null) {
      plain = text.slice(start, i).toLowerCase();
      folded = plain;
    }
    plain += info.plain;
    folded += f;
    if (info.nonLatin) nonLatin = true;
    hasAlnum = true;
    end = i + len;
    i += len;
  }
  flush();
  endRun();
  return { raw: tokens, runs };
}

/** Half-width katakana carry their voicing marks apart (ﾀﾞ): join them to the letter as full-width text has it (ダ). */
function composeKana(run: UnspacedRun): UnspacedRun {
  if (!/[\u3099\u309a]/.test(run.text)) return run;
  const out: UnspacedRun = { text: '', from: [], to: [] };
  for (let k = 0; k < run.text.length; k++) {
    const next = run.text[k + 1];
    if (next === '\u3099' || next === '\u309a') {
      const composed = (run.text[k]! + next).normalize('NFC');
      if (composed.length === 1) {
        out.text += composed;
        out.from.push(run.from[k]!);
        out.to.push(run.to[k + 1]!);
        k++;
        continue;
      }
    }
    out.text += run.text[k]!;
    out.from.push(run.from[k]!);
    out.to.push(run.to[k]!);
  }
  return out;
}

/** Splits "gucci2024" and "2024gucci" at letter/number boundaries; keeps "n1ke" whole. */
function splitNumbers(t: RawToken): RawToken[] {
  const m = /^([a-z]{2,})(\d{2,})$/.exec(t.folded) ?? /^(\d{2,})([a-z]{2,})$/.exec(t.folded);
  if (!m || t.plain.length !== t.folded.length || t.end - t.start !== t.plain.length) return [t];
  const cut = m[1]!.length;
  return [
    { plain: t.plain.slice(0, cut), folded: t.folded.slice(0, cut), start: t.start, end: t.start + cut },
    { plain: t.plain.slice(cut), folded: t.folded.slice(cut), start: t.start + cut, end: t.end },
  ];
}

const SINGLE_LETTER = /^[a-z]$/;

/**
 * Tokens of a text, with runs of single letters ("G U C C I", "N.I.K.E", "L-V") joined into one
 * token, since no word is spelled one letter at a time; and the runs of unspaced scripts.
 */
export function analyseText(text: string): TextAnalysis {
  const scanned = scan(text);
  const raw: RawToken[] = [];
  for (const t of scanned.raw) {
    if (t.folded.length >= 4 && /\d/.test(t.folded)) raw.push(...splitNumbers(t));
    else raw.push(t);
  }
  const out: Token[] = [];
  for (let i = 0; i < raw.length; ) {
    const t = raw[i]!;
    // Inside a Latin word, a letter of another script that no table reads is an unknown look-alike
    // ("Mon𑣎ler"): it stands for some letter, "?", which edits may replace.
    if (t.nonLatin && /[a-z]/.test(t.folded) && /[^\x00-\x7f]/.test(t.folded)) t.folded = t.folded.replace(/[^\x00-\x7f€£¡]/gu, '?');
    if (t.folded.length === 1 && SINGLE_LETTER.test(t.folded)) {
      let j = i;
      while (j + 1 < raw.length && raw[j + 1]!.folded.length === 1 && raw[j + 1]!.start - raw[j]!.end <= 2) j++;
      if (j > i) {
        const run = raw.slice(i, j + 1);
        const plain = run.map((r) => r.plain).join('');
        const folded = run.map((r) => r.folded).join('');
        out.push({ plain, skel: skeletonOf(folded), raw: unCollapsedSkeletonOf(folded), spelled: spelledOf(folded), start: t.start, end: raw[j]!.end, parts: run.length, letters: run.map((r) => r.folded) });
        i = j + 1;
        continue;
      }
    }
    const token: Token = { plain: t.plain, skel: skeletonOf(t.folded), raw: unCollapsedSkeletonOf(t.folded), spelled: spelledOf(t.folded), start: t.start, end: t.end, parts: 1 };
    if (t.invisible) token.invisible = true;
    if (t.nonLatin) token.translit = transliterate(text.slice(t.start, t.end));
    out.push(token);
    i++;
  }
  return { tokens: out, runs: scanned.runs };
}

export function tokenize(text: string): Token[] {
  return analyseText(text).tokens;
}

/**
 * The plain words of a text and nothing else (no skeletons, no joined letters): what company
 * names are compared on. Seller names are mostly distinct, so this runs for nearly every parcel.
 */
export function plainWords(text: string): string[] {
  const raw = scan(text).raw;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let plain = raw[i]!.plain;
    // Letters spaced or dotted apart are one word ("A.B.C. Trading").
    while (plain.length >= 1 && raw[i]!.plain.length === 1 && i + 1 < raw.length && raw[i + 1]!.plain.length === 1 && raw[i + 1]!.start - raw[i]!.end <= 2) plain += raw[++i]!.plain;
    out.push(plain);
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

/** The characters of a name in an unspaced script, as UnspacedRun.text holds them (NFKC, lower case, no spaces). */
export function unspacedKeyOf(text: string): string {
  return analyseText(text)
    .runs.map((r) => r.text)
    .join('');
}
