/**
 * Builds `latin-lookalikes.tsv`, the held-out evaluation's table of characters that look like a
 * Latin letter, from two Unicode data files. Run once when the table should follow a newer Unicode;
 * the evaluation itself reads only the committed table (see data/README.md for sources and licence):
 *
 *   node --import tsx bench/heldout/data/build-lookalikes.ts --unicode-data UnicodeData.txt --confusables confusables.txt
 *
 * A character enters the table when
 *   - `uts39`: confusables.txt (UTS #39) gives it a Latin letter as its whole prototype;
 *   - `chain`: its prototype is itself a table entry or a Latin letter with combining marks
 *     (Cyrillic в → ʙ, т → ᴛ, Greek η → n̩): it looks like the letter, but a UTS #39 skeleton
 *     alone does not reach ASCII;
 *   - `name`: its Unicode name says it is that Latin letter in another form (LATIN SMALL LETTER X
 *     WITH …, LATIN LETTER SMALL CAPITAL X, MODIFIER LETTER SMALL X, MATHEMATICAL … X, FULLWIDTH,
 *     CIRCLED, PARENTHESIZED, SQUARED);
 *   - `decomposed`: its canonical decomposition is a table entry plus combining marks (Cyrillic ӓ,
 *     Greek ό).
 * Each entry also gets a group (script, or the Latin block or form it comes from) so that the
 * generators can draw evenly across kinds of look-alike instead of mostly from the large
 * mathematical blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: {
    'unicode-data': { type: 'string' },
    confusables: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('./latin-lookalikes.tsv', import.meta.url)) },
  },
});
if (!values['unicode-data'] || !values.confusables) {
  process.stderr.write('usage: build-lookalikes.ts --unicode-data UnicodeData.txt --confusables confusables.txt [--out file]\n');
  process.exit(2);
}

type Source = 'uts39' | 'chain' | 'name' | 'decomposed';
interface Entry {
  cp: number;
  letter: string;
  source: Source;
}

const names = new Map<number, string>();
const ucdFile = readFileSync(values['unicode-data'], 'utf8');
for (const line of ucdFile.split('\n')) {
  const [hex, name] = line.split(';');
  if (hex && name && !name.startsWith('<')) names.set(parseInt(hex, 16), name);
}

const isAsciiLetter = (s: string) => /^[A-Za-z]$/.test(s);
const isCandidate = (ch: string) => /^[\p{L}\p{N}\p{So}]$/u.test(ch) && ch.codePointAt(0)! > 0x7f;

const entries = new Map<string, Entry>(); // key `${cp}:${letter}`
const add = (cp: number, letter: string, source: Source) => {
  const key = `${cp}:${letter}`;
  if (!entries.has(key)) entries.set(key, { cp, letter, source });
};
const lettersOf = (cp: number) => [...entries.values()].filter((e) => e.cp === cp).map((e) => e.letter);

// 1. UTS #39: single characters whose prototype is one ASCII letter.
const prototypes: { cp: number; target: string }[] = [];
const confusablesFile = readFileSync(values.confusables, 'utf8');
for (const line of confusablesFile.split('\n')) {
  const m = /^([0-9A-F]{4,6}) ;\t([0-9A-F ]+) ;\tMA/.exec(line);
  if (!m) continue;
  const cp = parseInt(m[1]!, 16);
  const target = String.fromCodePoint(...m[2]!.trim().split(' ').map((h) => parseInt(h, 16)));
  if (!isCandidate(String.fromCodePoint(cp))) continue;
  if (isAsciiLetter(target)) add(cp, target.toLowerCase(), 'uts39');
  else prototypes.push({ cp, target });
}

// 2. Names that say "this is Latin letter X in another form".
const NAME_PATTERNS: RegExp[] = [
  /^(?:FULLWIDTH )?LATIN (?:SMALL|CAPITAL) LETTER ([A-Z])(?: WITH .+)?$/,
  /^LATIN LETTER SMALL CAPITAL ([A-Z])(?: WITH .+)?$/,
  /^LATIN SMALL CAPITAL LETTER ([A-Z])(?: WITH .+)?$/,
  /^LATIN SMALL LETTER DOTLESS ([IJ])(?: WITH .+)?$/,
  /^LATIN SMALL LETTER SCRIPT (G)$/,
  /^MODIFIER LETTER (?:SMALL|CAPITAL) ([A-Z])(?: WITH .+)?$/,
  /^MODIFIER LETTER SMALL CAPITAL ([A-Z])$/,
  /^(?:LATIN )?SUBSCRIPT SMALL LETTER ([A-Z])$/,
  /^SUPERSCRIPT LATIN SMALL LETTER ([A-Z])$/,
  /^MATHEMATICAL [A-Z -]+ (?:SMALL|CAPITAL) ([A-Z])$/,
  /^(?:CIRCLED|PARENTHESIZED|SQUARED|NEGATIVE CIRCLED|NEGATIVE SQUARED) LATIN (?:SMALL|CAPITAL) LETTER ([A-Z])$/,
];
for (const [cp, name] of names) {
  const ch = String.fromCodePoint(cp);
  if (!isCandidate(ch)) continue;
  for (const pattern of NAME_PATTERNS) {
    const m = pattern.exec(name);
    if (m) {
      add(cp, m[1]!.toLowerCase(), 'name');
      break;
    }
  }
}

// 3. Prototypes that are not ASCII but lead to a letter: a table entry, or a letter with marks.
for (let round = 0; round < 3; round++) {
  for (const { cp, target } of prototypes) {
    const chars = [...target];
    const base = chars[0]!;
    const restAreMarks = chars.slice(1).every((c) => /^\p{M}$/u.test(c));
    if (chars.length === 1 || restAreMarks) {
      if (isAsciiLetter(base)) add(cp, base.toLowerCase(), 'chain');
      else for (const letter of lettersOf(base.codePointAt(0)!)) add(cp, letter, 'chain');
    }
  }
}

// 4. Canonical decompositions onto an entry plus combining marks (Cyrillic ӓ, Greek ό).
for (const [cp] of names) {
  const ch = String.fromCodePoint(cp);
  if (!isCandidate(ch) || lettersOf(cp).length) continue;
  const [base, ...rest] = [...ch.normalize('NFD')];
  if (!base || base === ch || !rest.every((c) => /^\p{M}$/u.test(c))) continue;
  for (const letter of lettersOf(base.codePointAt(0)!)) add(cp, letter, 'decomposed');
}

const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Cherokee', 'Coptic', 'Georgian', 'Lisu',
  'Vai', 'Tifinagh', 'Canadian_Aboriginal', 'Ogham', 'Runic', 'Gothic', 'Old_Italic', 'Deseret', 'Osage',
  'Bamum', 'Nko', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil',
  'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Myanmar', 'Tibetan', 'Ethiopic', 'Mongolian',
  'Carian', 'Lycian', 'Lydian', 'Old_Permic', 'Glagolitic', 'Elbasan', 'Medefaidrin', 'Warang_Citi',
  'Mende_Kikakui', 'Adlam', 'Old_Turkic', 'Caucasian_Albanian', 'Khmer', 'Javanese', 'Balinese',
].map((s) => ({ s: s.toLowerCase().replace(/_/g, '-'), re: new RegExp(`^\\p{Script=${s}}$`, 'u') }));

function groupOf(cp: number): string {
  const ch = String.fromCodePoint(cp);
  const name = names.get(cp) ?? '';
  const script = SCRIPTS.find(({ re }) => re.test(ch))?.s ?? 'common';
  if (script !== 'latin' && script !== 'common') return script;
  if (name.startsWith('MATHEMATICAL')) return 'math-alphanumeric';
  if (name.startsWith('FULLWIDTH')) return 'fullwidth';
  if (/^(CIRCLED|PARENTHESIZED|SQUARED|NEGATIVE)/.test(name)) return 'enclosed';
  if (/^(MODIFIER|SUPERSCRIPT|SUBSCRIPT|LATIN SUBSCRIPT)/.test(name)) return 'modifier';
  if (name.includes('SMALL CAPITAL')) return 'small-capital';
  if (name.startsWith('ROMAN NUMERAL') || name.startsWith('SMALL ROMAN NUMERAL')) return 'roman-numeral';
  if (cp < 0x180) return 'latin-1-and-ext-a';
  if (cp < 0x250) return 'latin-ext-b';
  if (cp < 0x2b0) return 'ipa';
  if (cp >= 0x1d00 && cp < 0x1dc0) return 'phonetic-ext';
  if (cp >= 0x1e00 && cp < 0x1f00) return 'latin-ext-additional';
  if (cp >= 0x2c60 && cp < 0x2c80) return 'latin-ext-c';
  if (cp >= 0xa720 && cp < 0xa800) return 'latin-ext-d';
  if (cp >= 0xab30 && cp < 0xab70) return 'latin-ext-e';
  if (cp >= 0x10780 && cp < 0x107c0) return 'latin-ext-f';
  if (cp >= 0x1df00 && cp < 0x1e000) return 'latin-ext-g';
  return script === 'latin' ? 'latin-other' : 'symbol';
}

const versionOf = (text: string, pattern: RegExp) => pattern.exec(text)?.[1] ?? 'unknown';
const header = [
  '# Characters that look like a Latin letter: code point, character, letter, source, group, Unicode name.',
  `# Built by bench/heldout/data/build-lookalikes.ts from UnicodeData.txt (${names.size} names) and`,
  `# confusables.txt (UTS #39, version ${versionOf(confusablesFile, /# Version: ([\d.]+)/)}).`,
  '# Derived from Unicode data files: Copyright © 1991-2024 Unicode, Inc.; used under the Unicode License v3',
  '# (https://www.unicode.org/license.txt), which permits copying and modifying the data files with this notice.',
  'cp\tchar\tletter\tsource\tgroup\tname',
];
const rows = [...entries.values()]
  .sort((a, b) => a.letter.localeCompare(b.letter) || a.cp - b.cp)
  .map((e) => [e.cp.toString(16).toUpperCase().padStart(4, '0'), String.fromCodePoint(e.cp), e.letter, e.source, groupOf(e.cp), names.get(e.cp) ?? ''].join('\t'));
writeFileSync(values.out!, `${[...header, ...rows].join('\n')}\n`);
const bySource = new Map<string, number>();
for (const e of entries.values()) bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
process.stdout.write(`${rows.length} entries (${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')}) -> ${values.out}\n`);
