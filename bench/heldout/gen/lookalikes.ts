/**
 * Look-alike letters drawn from Unicode's own data, not from a hand list: the committed table
 * (`data/latin-lookalikes.tsv`, built from confusables.txt and UnicodeData.txt) plus every code
 * point whose NFKD decomposition, marks removed, is one ASCII letter (accented letters,
 * mathematical alphanumerics, full-width, circled and parenthesised letters), found at run time.
 *
 * Draws are even across groups (script, or the Latin block or form) before they are even across
 * characters, so the 800 mathematical letters do not crowd out the Cherokee or IPA ones.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shuffle, type Random } from '../rng.ts';

export type LookalikeSource = 'uts39' | 'chain' | 'name' | 'decomposed' | 'nfkd';

export interface Lookalike {
  char: string;
  letter: string;
  source: LookalikeSource;
  group: string;
  letterCase: 'upper' | 'lower' | 'none';
}

export interface LookalikeTable {
  byLetter: Map<string, Lookalike[]>;
  size: number;
  bySource: Map<LookalikeSource, number>;
}

const TABLE = fileURLToPath(new URL('../data/latin-lookalikes.tsv', import.meta.url));

function caseOf(char: string, name: string): Lookalike['letterCase'] {
  if (/CAPITAL/.test(name) || char !== char.toLowerCase()) return 'upper';
  if (/SMALL/.test(name) || char !== char.toUpperCase()) return 'lower';
  return 'none';
}

function rangeGroup(cp: number): string {
  if (cp >= 0x1d400 && cp < 0x1d800) return 'math-alphanumeric';
  if ((cp >= 0x2460 && cp < 0x2500) || (cp >= 0x1f100 && cp < 0x1f200)) return 'enclosed';
  if (cp >= 0xff00 && cp < 0xfff0) return 'fullwidth';
  if ((cp >= 0x2b0 && cp < 0x300) || (cp >= 0x1d2c && cp < 0x1d6b) || (cp >= 0x2070 && cp < 0x20a0)) return 'modifier';
  if (cp < 0x250) return 'latin-1-and-ext';
  if (cp >= 0x1e00 && cp < 0x1f00) return 'latin-ext-additional';
  return 'other-nfkd';
}

let cached: LookalikeTable | undefined;

export function loadLookalikes(): LookalikeTable {
  if (cached) return cached;
  const entries = new Map<string, Lookalike>();
  for (const line of readFileSync(TABLE, 'utf8').split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('cp\t')) continue;
    const [, char, letter, source, group, name] = line.split('\t');
    if (!char || !letter || !/^\p{Assigned}$/u.test(char)) continue;
    entries.set(`${char}:${letter}`, { char, letter, source: source as LookalikeSource, group: group!, letterCase: caseOf(char, name ?? '') });
  }
  // Beyond the table: whatever NFKD takes to one ASCII letter.
  for (let cp = 0xa0; cp < 0x2fff0; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const char = String.fromCodePoint(cp);
    if (!/^[\p{L}\p{N}\p{So}]$/u.test(char)) continue;
    const folded = char.normalize('NFKD').replace(/\p{M}/gu, '');
    if (!/^[A-Za-z]$/.test(folded)) continue;
    const letter = folded.toLowerCase();
    if (entries.has(`${char}:${letter}`)) continue;
    entries.set(`${char}:${letter}`, { char, letter, source: 'nfkd', group: rangeGroup(cp), letterCase: folded === letter ? 'lower' : 'upper' });
  }
  const byLetter = new Map<string, Lookalike[]>();
  const bySource = new Map<LookalikeSource, number>();
  for (const e of entries.values()) {
    byLetter.set(e.letter, [...(byLetter.get(e.letter) ?? []), e]);
    bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
  }
  cached = { byLetter, size: entries.size, bySource };
  return cached;
}

export type LookalikeClass = 'uts39' | 'beyond' | 'any' | 'cyrillic-greek';

function inClass(e: Lookalike, cls: LookalikeClass): boolean {
  if (cls === 'uts39') return e.source === 'uts39';
  if (cls === 'beyond') return e.source !== 'uts39';
  if (cls === 'cyrillic-greek') return e.group === 'cyrillic' || e.group === 'greek';
  return true;
}

/** Whether `char` stands for `letter` in the table (for the tests). */
export function looksLike(char: string, letter: string): boolean {
  return (loadLookalikes().byLetter.get(letter.toLowerCase()) ?? []).some((e) => e.char === char);
}

/** A look-alike of `original` (one character of a mark) of the class, matching its case where the table allows. */
export function pickLookalike(rng: Random, original: string, cls: LookalikeClass, preferGroup?: string): Lookalike | undefined {
  const letter = original.toLowerCase();
  let all = (loadLookalikes().byLetter.get(letter) ?? []).filter((e) => inClass(e, cls));
  if (!all.length) return undefined;
  // Words written in another script use its plain letters (һот ԝһееӏѕ), not accented ones, where it has them.
  if (cls === 'cyrillic-greek' && all.some((e) => e.source !== 'decomposed')) all = all.filter((e) => e.source !== 'decomposed');
  const wanted = original === letter ? 'lower' : 'upper';
  const sameCase = all.filter((e) => e.letterCase === wanted || e.letterCase === 'none');
  let pool = sameCase.length ? sameCase : all;
  if (preferGroup && pool.some((e) => e.group === preferGroup)) pool = pool.filter((e) => e.group === preferGroup);
  const groups = [...new Set(pool.map((e) => e.group))];
  const group = rng.pick(groups);
  return rng.pick(pool.filter((e) => e.group === group));
}

const letterPositions = (chars: string[]) => chars.flatMap((c, i) => (/^[A-Za-z]$/.test(c) ? [i] : []));

export interface LookalikeVariant {
  text: string;
  replaced: Lookalike[];
}

/** Replaces `count` letters of `mark` with look-alikes of the class. */
export function lookalikeVariant(rng: Random, mark: string, cls: LookalikeClass, count: number): LookalikeVariant | undefined {
  const chars = [...mark];
  const positions = letterPositions(chars).filter((i) => pickLookalike(rng, chars[i]!, cls));
  if (positions.length < count) return undefined;
  const replaced: Lookalike[] = [];
  for (const i of shuffle(rng, positions).slice(0, count)) {
    const pick = pickLookalike(rng, chars[i]!, cls)!;
    chars[i] = pick.char;
    replaced.push(pick);
  }
  return { text: chars.join(''), replaced };
}

/** Every letter in Cyrillic look-alikes (Greek where Cyrillic has none); undefined when a letter has neither. */
export function scriptWordVariant(rng: Random, mark: string): LookalikeVariant | undefined {
  const chars = [...mark];
  const replaced: Lookalike[] = [];
  for (const i of letterPositions(chars)) {
    const pick = pickLookalike(rng, chars[i]!, 'cyrillic-greek', 'cyrillic');
    if (!pick) return undefined;
    chars[i] = pick.char;
    replaced.push(pick);
  }
  return replaced.length ? { text: chars.join(''), replaced } : undefined;
}

/** About half the letters (at least two) in Cyrillic or Greek look-alikes, the rest Latin. */
export function mixedScriptVariant(rng: Random, mark: string): LookalikeVariant | undefined {
  const chars = [...mark];
  const positions = letterPositions(chars).filter((i) => pickLookalike(rng, chars[i]!, 'cyrillic-greek'));
  const count = Math.max(2, Math.floor(letterPositions(chars).length / 2));
  if (positions.length < count || count >= letterPositions(chars).length) return undefined;
  return lookalikeVariant(rng, mark, 'cyrillic-greek', count);
}

/** Leet substitutions as sellers type them: digits and symbols for letters. */
export const LEET: Record<string, string[]> = {
  a: ['@', '4'], b: ['8'], e: ['3'], g: ['9'], i: ['1', '!'], l: ['1'], o: ['0'], s: ['5', '$'], t: ['7'], z: ['2'],
};

/** One look-alike letter and one leet character at another position (`@ᶁꙇd4s`). */
export function lookalikeLeetVariant(rng: Random, mark: string): LookalikeVariant | undefined {
  const chars = [...mark];
  const leetPositions = letterPositions(chars).filter((i) => LEET[chars[i]!.toLowerCase()]);
  if (!leetPositions.length) return undefined;
  const leetAt = rng.pick(leetPositions);
  const others = letterPositions(chars).filter((i) => i !== leetAt && pickLookalike(rng, chars[i]!, 'any'));
  if (!others.length) return undefined;
  const at = rng.pick(others);
  const pick = pickLookalike(rng, chars[at]!, 'any')!;
  chars[leetAt] = rng.pick(LEET[chars[leetAt]!.toLowerCase()]!);
  chars[at] = pick.char;
  return { text: chars.join(''), replaced: [pick] };
}
