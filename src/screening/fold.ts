/**
 * One character to what it looks like in Latin letters: the fold every comparison starts from.
 *
 * Look-alike first, transliteration only where no look-alike exists. A counterfeit listing that
 * writes `рӏаумоьіӏ` means "playmobil" because of how the letters look, not how they sound: the
 * Cyrillic `р` looks like `p` (and transliterates to `r`), `Н` looks like `H` (and transliterates to
 * `N`). So the chain per code point is:
 *   1. Unicode's confusables prototype (UTS #39 `confusables.txt`, as shipped by `unhomoglyph`);
 *   2. compatibility decomposition without accents (full-width, mathematical alphanumerics,
 *      circled letters, `é`);
 *   3. a few letters both of those leave outside a-z (`ø`, `ł`, `ß`, small capitals that the
 *      prototypes map to other non-ASCII shapes: Cyrillic `м` → `ʍ`, `ь` → `ƅ`);
 *   4. `any-ascii`'s transliteration, for letters of the Latin-like scripts (Latin Extended-A to E,
 *      IPA, modifier letters, Cyrillic and its extensions, Greek, Cherokee, Armenian, Coptic) that
 *      nothing above explains: `ꙇ` → i, `ɾ` → r, `Ȿ` → s, `ᶁ` → d.
 * Letters of other scripts keep their own (lower-case) form: Arabic or Hebrew text is itself, not
 * gibberish Latin that could meet a mark by accident (inside a Latin word such a letter is an
 * unknown look-alike: normalize.ts reads it as '?'). Scripts written without spaces (Chinese,
 * Japanese, Korean, Thai) are set apart: they are matched by characters, see normalize.ts.
 *
 * Every result is cached per code point: a description costs one Map lookup per non-ASCII
 * character (ASCII never gets here).
 */
import { createRequire } from 'node:module';
import anyAscii from 'any-ascii';

const require = createRequire(import.meta.url);
// Unicode's confusables.txt prototypes (UTS #39), as shipped by unhomoglyph (used by Matrix clients).
const CONFUSABLES = require('unhomoglyph/data.json') as Record<string, string>;
const confusableOf = (c: string): string | undefined => (Object.hasOwn(CONFUSABLES, c) ? CONFUSABLES[c] : undefined);

/** Letters that the prototypes or NFKD leave outside a-z, and the shapes prototypes point at (ʍ for м, ƅ for ь). */
const EXTRA_FOLDS = new Map<string, string>([
  ['ĸ', 'k'], ['ø', 'o'], ['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'], ['đ', 'd'], ['ł', 'l'], ['ı', 'i'], ['ɡ', 'g'], ['ſ', 's'],
  ['þ', 'th'], ['ð', 'd'], ['ŀ', 'l'], ['ȷ', 'j'], ['ʍ', 'm'], ['ƅ', 'b'], ['ь', 'b'], ['ъ', 'b'], ['ы', 'bi'], ['ɜ', 'e'],
  ['ꞓ', 'e'],
]);

/** Symbols that stand in for letters inside words (`$ale`, `@didas`, `Gucc!`); skeletonOf decides. */
export const SYMBOL_LETTERS = new Map<string, string>([['@', 'a'], ['$', 's'], ['!', 'i'], ['|', 'i'], ['€', 'e'], ['£', 'l'], ['¡', 'i'], ['+', 't']]);

/** The character carries no letter and hides inside a word: zero-width, joiners, soft hyphen, combining marks. */
export const INVISIBLE = '';
/** The character separates words: spaces, punctuation, symbols (™, ®, ★). */
export const SEPARATOR = ' ';
/** The character belongs to a script written without spaces (Han, kana, Hangul, Thai): matched by characters. */
export const UNSPACED = '\u3000';

const NAME_SIGNS = new Set(['™', '℠', '®', '©', '℗', '№']);

const LATIN_LIKE = /[\p{Script_Extensions=Latin}\p{Script_Extensions=Cyrillic}\p{Script_Extensions=Greek}\p{Script_Extensions=Cherokee}\p{Script_Extensions=Armenian}\p{Script_Extensions=Coptic}\p{Script=Common}\p{Script=Inherited}]/u;
const UNSPACED_SCRIPT = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Hangul}\p{Script_Extensions=Thai}]/u;
const INVISIBLE_CHAR = /^[\p{Cf}\p{Cc}\p{M}]+$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]+$/;

const stripAccents = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

/** A piece of a prototype (one character) to a-z/0-9, or '' when it has no Latin reading. */
function latinOf(c: string): string {
  const code = c.codePointAt(0)!;
  if (code < 128) {
    const lower = c.toLowerCase();
    return /[a-z0-9]/.test(lower) || SYMBOL_LETTERS.has(lower) ? lower : '';
  }
  if (SYMBOL_LETTERS.has(c)) return c;
  const extra = EXTRA_FOLDS.get(c);
  if (extra !== undefined) return extra;
  const stripped = stripAccents(c);
  if (ASCII_WORD.test(stripped)) return stripped;
  const extraStripped = EXTRA_FOLDS.get(stripped);
  if (extraStripped !== undefined) return extraStripped;
  if (LATIN_LIKE.test(c) && LETTER_OR_DIGIT.test(c)) {
    const t = anyAscii(c).toLowerCase().replace(/[^a-z0-9]/g, '');
    if (t) return t;
  }
  return '';
}

function computeFold(ch: string): string {
  if (SYMBOL_LETTERS.has(ch)) return ch;
  // Signs written after a name ("Nike™"), whose decomposition would glue letters to it.
  if (NAME_SIGNS.has(ch)) return SEPARATOR;
  const extra = EXTRA_FOLDS.get(ch);
  if (extra !== undefined) return extra;
  // 1-3: the look-alike prototype, each of its characters read in Latin where it can be.
  const prototype = confusableOf(ch);
  if (prototype !== undefined) {
    let out = '';
    let whole = true;
    for (const p of stripAccents(prototype)) {
      const l = latinOf(p);
      if (l) out += l;
      else if (LETTER_OR_DIGIT.test(p)) whole = false;
    }
    if (out && whole) return out;
  }
  // Thai vowel signs are marks: they belong to the run as much as its letters. (A character of
  // these scripts with a Latin look-alike, such as 〇, was read as that letter above.)
  if (UNSPACED_SCRIPT.test(ch) && /[\p{L}\p{N}\p{M}]/u.test(ch)) return UNSPACED;
  const direct = latinOf(ch);
  if (direct) return direct;
  // Enclosed and squared letters without a decomposition (🅵, 🅙): their letter.
  if (/\p{So}/u.test(ch)) {
    const t = anyAscii(ch).toLowerCase();
    if (/^[a-z0-9]$/.test(t)) return t;
  }
  if (INVISIBLE_CHAR.test(ch)) return INVISIBLE;
  // A letter of a script that has no Latin look-alike (Arabic, Hebrew, Devanagari …): itself.
  if (/\p{L}/u.test(ch)) return ch.toLowerCase();
  if (/\p{N}/u.test(ch)) {
    const digits = anyAscii(ch).replace(/[^0-9]/g, '');
    if (digits) return digits;
  }
  return SEPARATOR;
}

export interface CharInfo {
  /** The fold: a-z, 0-9 or letter-symbols; a native letter; or INVISIBLE, SEPARATOR, UNSPACED. */
  fold: string;
  /** Accent- and case-folded, without the look-alike mapping or compatibility folds: what a human "meant" to type (Cyrillic stays Cyrillic, 𝐍 stays 𝐍). */
  plain: string;
  /** A letter outside the Latin script: the word it is in also gets a transliteration. */
  nonLatin: boolean;
}

const cache = new Map<number, CharInfo>();

/** Everything screening needs to know about one non-ASCII character, computed once per code point. */
export function charInfo(ch: string, code: number): CharInfo {
  let info = cache.get(code);
  if (info === undefined) {
    // Canonical decomposition only: mathematical, circled or small-capital letters are not what a
    // seller types by accident (a disguise), full-width ones are (an East Asian keyboard's habit).
    const plain = code >= 0xff01 && code <= 0xff5e ? stripAccents(ch) : ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    info = { fold: computeFold(ch), plain, nonLatin: /\p{L}/u.test(ch) && !/\p{Script=Latin}/u.test(ch) };
    cache.set(code, info);
  }
  return info;
}

/** The transliteration of a word (any-ascii), lower case, letters and digits only: how a Cyrillic "Адидас" reads in Latin. */
export function transliterate(text: string): string {
  return anyAscii(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}
