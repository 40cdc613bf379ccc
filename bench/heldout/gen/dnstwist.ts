/**
 * The fuzzers of the public permutation tool dnstwist, re-implemented from its documented behaviour
 * and applied to a mark instead of a domain label (letters only are edited; spaces stay):
 *   addition      a letter or digit appended at the end
 *   bitsquatting  one bit of one character flipped, kept when the result is a letter, digit or hyphen
 *   homoglyph     a letter replaced by a look-alike (ASCII shapes such as rn/m, vv/w, cl/d, 0/o, and
 *                 accented or small-capital Latin forms), once, or twice
 *   hyphenation   a hyphen inserted between two letters
 *   insertion     a keyboard neighbour of an inner letter inserted before or after it
 *   omission      one letter left out
 *   repetition    one letter doubled
 *   replacement   one letter replaced by a keyboard neighbour (QWERTY, QWERTZ, AZERTY)
 *   transposition two adjacent letters swapped
 *   vowel-swap    one vowel replaced by another
 */
import { neighbours, type Layout } from './keyboard.ts';
import { loadLookalikes } from './lookalikes.ts';

export const FUZZERS = [
  'addition', 'bitsquatting', 'homoglyph', 'hyphenation', 'insertion', 'omission', 'repetition', 'replacement', 'transposition', 'vowel-swap',
] as const;
export type Fuzzer = (typeof FUZZERS)[number];

const LAYOUTS: Layout[] = ['qwerty', 'qwertz', 'azerty'];
const isLetter = (c: string | undefined) => c !== undefined && /^[a-z]$/.test(c);

/** ASCII shapes that read alike, as the tool's homoglyph fuzzer uses them (written here from the glyphs' shapes). */
const ASCII_SHAPES: Record<string, string[]> = {
  a: ['o', 'e'], b: ['d', 'lb', '6'], c: ['e', 'o'], d: ['b', 'cl', 'dl'], e: ['c', 'o'], f: ['t'], g: ['q', '9'],
  h: ['lh', 'b', 'n'], i: ['1', 'l', 'j'], j: ['i'], k: ['lk', 'ik', 'lc'], l: ['1', 'i'], m: ['n', 'nn', 'rn', 'rr'],
  n: ['m', 'r'], o: ['0', 'e'], p: ['q'], q: ['g', 'p'], r: ['n'], s: ['5', 'z'], t: ['f', 'l'], u: ['v', 'ii'],
  v: ['u', 'y'], w: ['vv', 'uu'], x: ['k'], y: ['v'], z: ['2', 's'],
};
/** Latin forms of a letter the homoglyph fuzzer adds: accented letters and small capitals. */
const LATIN_FORM_GROUPS = new Set(['latin-1-and-ext-a', 'latin-ext-additional', 'small-capital']);

function latinForms(letter: string): string[] {
  return (loadLookalikes().byLetter.get(letter) ?? [])
    .filter((e) => LATIN_FORM_GROUPS.has(e.group) && e.letterCase !== 'upper')
    .map((e) => e.char);
}

function glyphs(letter: string): string[] {
  return [...(ASCII_SHAPES[letter] ?? []), ...latinForms(letter)];
}

const letterIndices = (s: string) => [...s].flatMap((c, i) => (isLetter(c) ? [i] : []));
const at = (s: string, i: number, replacement: string, drop = 1) => s.slice(0, i) + replacement + s.slice(i + drop);

function* fuzz(label: string, fuzzer: Fuzzer): Generator<string> {
  const idx = letterIndices(label);
  switch (fuzzer) {
    case 'addition':
      for (const c of '0123456789abcdefghijklmnopqrstuvwxyz') yield label + c;
      break;
    case 'bitsquatting':
      for (const i of idx) {
        for (let bit = 0; bit < 8; bit++) {
          const flipped = String.fromCharCode(label.charCodeAt(i) ^ (1 << bit));
          if (/^[a-z0-9-]$/.test(flipped)) yield at(label, i, flipped);
        }
      }
      break;
    case 'homoglyph': {
      const once = idx.flatMap((i) => glyphs(label[i]!).map((g) => at(label, i, g)));
      yield* once;
      // A second pass over the first's results, as the tool does: two letters replaced.
      for (const first of once) {
        for (const i of letterIndices(first)) for (const g of glyphs(first[i]!)) yield at(first, i, g);
      }
      break;
    }
    case 'hyphenation':
      for (const i of idx) if (isLetter(label[i + 1])) yield at(label, i + 1, '-', 0);
      break;
    case 'insertion':
      for (const i of idx) {
        if (i === 0 || i === label.length - 1) continue;
        for (const layout of LAYOUTS) {
          for (const key of neighbours(label[i]!, layout)) {
            yield at(label, i, key + label[i]!);
            yield at(label, i, label[i]! + key);
          }
        }
      }
      break;
    case 'omission':
      for (const i of idx) yield at(label, i, '');
      break;
    case 'repetition':
      for (const i of idx) yield at(label, i, label[i]! + label[i]!);
      break;
    case 'replacement':
      for (const i of idx) for (const layout of LAYOUTS) for (const key of neighbours(label[i]!, layout)) yield at(label, i, key);
      break;
    case 'transposition':
      for (const i of idx) if (isLetter(label[i + 1]) && label[i] !== label[i + 1]) yield at(label, i, label[i + 1]! + label[i]!, 2);
      break;
    case 'vowel-swap':
      for (const i of idx) if ('aeiou'.includes(label[i]!)) for (const v of 'aeiou') if (v !== label[i]) yield at(label, i, v);
      break;
  }
}

/** Every distinct variant of `mark` by one fuzzer, the mark itself left out. */
export function permutations(mark: string, fuzzer: Fuzzer): string[] {
  const label = mark.toLowerCase();
  const out = new Set<string>();
  for (const v of fuzz(label, fuzzer)) if (v !== label && v.trim()) out.add(v);
  return [...out];
}
