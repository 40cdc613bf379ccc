/**
 * Phonetic respellings: the mark written the way it sounds, by English spelling conventions
 * (no phonetic algorithm): y/i/ey/ie/ee endings, doubled and single consonants, c/k/ck, ph/f, s/z,
 * x/ks, qu/kw, ch/sh, soft g/j, and vowel spellings (oo/u/ou, ee/ea/ie, au/aw/o, er/ur/ir).
 * One rule, sometimes two, applied at one place where it fits.
 */
import type { Random } from '../rng.ts';
import { recase } from '../text.ts';

interface Rule {
  name: string;
  pattern: RegExp;
  /** Replacements for the match; `$1`… refer to the pattern's groups. */
  to: string[];
}

const RULES: Rule[] = [
  { name: 'y-ending', pattern: /y$/, to: ['ie', 'i', 'ey', 'ee'] },
  { name: 'ie-ending', pattern: /ie$/, to: ['y', 'ee', 'i'] },
  { name: 'ey-ending', pattern: /ey$/, to: ['y', 'ie', 'i'] },
  { name: 'i-ending', pattern: /i$/, to: ['y', 'ee', 'ie'] },
  { name: 'silent-e-ending', pattern: /([bcdfgklmnprstvz])e$/, to: ['$1ey', '$1ie', '$1y'] },
  { name: 'i-to-y', pattern: /([bcdfghklmnprstvz])i([bcdfgklmnprstvz])/, to: ['$1y$2'] },
  { name: 'y-to-i', pattern: /([bcdfghklmnprstvz])y([bcdfgklmnprstvz])/, to: ['$1i$2'] },
  { name: 'undouble', pattern: /([bcdfgklmnprstz])\1/, to: ['$1'] },
  { name: 'double', pattern: /([aeiouy])([bdfgklmnprstz])([aeiouy])/, to: ['$1$2$2$3'] },
  { name: 'hard-c-to-k', pattern: /c(?=[aou]|[^aeiouyh]|$)/, to: ['k'] },
  { name: 'ck', pattern: /ck/, to: ['k', 'kk', 'c'] },
  { name: 'k-to-c', pattern: /k(?=[aou])/, to: ['c'] },
  { name: 'k-to-ck', pattern: /([aeiou])k/, to: ['$1ck'] },
  { name: 'ph-to-f', pattern: /ph/, to: ['f'] },
  { name: 'f-to-ph', pattern: /f/, to: ['ph'] },
  { name: 's-to-z', pattern: /([aeiouy])s(?=[aeiouy]|$)/, to: ['$1z'] },
  { name: 'z-to-s', pattern: /z/, to: ['s'] },
  { name: 'x', pattern: /(?<=[a-z])x/, to: ['ks', 'cks', 'kz'] },
  { name: 'qu', pattern: /qu/, to: ['kw'] },
  { name: 'ch-to-sh', pattern: /ch/, to: ['sh'] },
  { name: 'sh-to-ch', pattern: /sh/, to: ['ch'] },
  { name: 'soft-g', pattern: /g(?=[ei])/, to: ['j'] },
  { name: 'soft-c', pattern: /c(?=[ei])/, to: ['s'] },
  { name: 'oo-u', pattern: /oo/, to: ['u', 'ou'] },
  { name: 'u-oo', pattern: /([bcdfgklmnprst])u([bcdfgklmnprst])/, to: ['$1oo$2', '$1o$2'] },
  { name: 'ou', pattern: /ou/, to: ['oo', 'u'] },
  { name: 'ee', pattern: /ee/, to: ['ea', 'ie', 'i'] },
  { name: 'ea', pattern: /ea/, to: ['ee'] },
  { name: 'au', pattern: /au/, to: ['aw', 'o'] },
  { name: 'ei-ai', pattern: /(ei|ai)/, to: ['ey', 'ay'] },
  { name: 'er-ur', pattern: /(er|ur|ir)(?=[^aeiouy])/, to: ['ur', 'er', 'ir'] },
  { name: 'wh', pattern: /wh/, to: ['w'] },
  { name: 'tion', pattern: /tion/, to: ['shun', 'sion'] },
  { name: 'a-ending', pattern: /([^aeiouy])a$/, to: ['$1ah', '$1er'] },
  { name: 'o-ending', pattern: /([^aeiouy])o$/, to: ['$1oh', '$1ow'] },
];

export interface PhoneticVariant {
  text: string;
  rules: string[];
}

function applyRule(rng: Random, text: string, rule: Rule): string | undefined {
  const global = new RegExp(rule.pattern.source, 'g');
  const matches = [...text.matchAll(global)];
  if (!matches.length) return undefined;
  const m = rng.pick(matches);
  const replacement = rng.pick(rule.to).replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
  return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
}

/** Rules that change `mark` (lower case), for the tests and for the generator. */
export function applicableRules(mark: string): string[] {
  const lower = mark.toLowerCase();
  return RULES.filter((r) => r.pattern.test(lower)).map((r) => r.name);
}

export function phoneticVariant(rng: Random, mark: string): PhoneticVariant | undefined {
  const lower = mark.toLowerCase();
  let text = lower;
  const used: string[] = [];
  const steps = rng.chance(0.3) ? 2 : 1;
  for (let step = 0; step < steps; step++) {
    const fitting = RULES.filter((r) => !used.includes(r.name) && r.pattern.test(text));
    if (!fitting.length) break;
    const rule = rng.pick(fitting);
    const next = applyRule(rng, text, rule);
    if (next && next !== text) {
      text = next;
      used.push(rule.name);
    }
  }
  return text !== lower ? { text: recase(mark, text), rules: used } : undefined;
}
