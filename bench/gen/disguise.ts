/**
 * The disguises counterfeit sellers put on brand names, one family at a time, so recall can be
 * measured per family. Seeded; a family that cannot apply to a name returns null.
 */
import { Random } from './random.ts';

export const DISGUISE_FAMILIES = [
  'leet', 'homoglyph', 'spaced', 'dotted', 'split', 'glued', 'doubled', 'dropped', 'swapped', 'lookalike', 'case', 'zero-width', 'sound', 'plural',
] as const;
export type DisguiseFamily = (typeof DISGUISE_FAMILIES)[number];

const LEET: Record<string, string[]> = { o: ['0'], i: ['1', '!'], l: ['1', '|'], e: ['3'], a: ['4', '@'], s: ['5', '$'], t: ['7'] };
/** Latin letters and Cyrillic/Greek look-alikes. */
const HOMOGLYPHS: Record<string, string[]> = {
  a: ['а', 'ɑ'], c: ['с', 'ϲ'], e: ['е'], i: ['і', 'ı'], o: ['о', 'ο'], p: ['р'], s: ['ѕ'], x: ['х'], y: ['у'], k: ['κ'], n: ['ո'],
  A: ['А', 'Α'], B: ['В', 'Β'], C: ['С'], E: ['Е', 'Ε'], H: ['Н', 'Η'], I: ['І', 'Ι'], K: ['К', 'Κ'], M: ['М', 'Μ'], N: ['Ν'],
  O: ['О', 'Ο'], P: ['Р', 'Ρ'], S: ['Ѕ'], T: ['Т', 'Τ'], X: ['Х', 'Χ'], Y: ['Υ'], G: ['Ԍ'], L: ['Ꮮ'], D: ['Ꭰ'], R: ['Ꭱ'], V: ['Ꮩ'], W: ['Ꮃ'],
};
const LOOKALIKE: [RegExp, string][] = [[/m/, 'rn'], [/w/, 'vv'], [/i/, 'l'], [/l/, 'I'], [/d/, 'cl']];
const SOUND: [RegExp, string][] = [[/x/, 'ks'], [/ph/, 'f'], [/c(?=[aou])/, 'k'], [/ck/, 'k'], [/s$/, 'z'], [/ee/, 'ea'], [/oo/, 'u'], [/y$/, 'ie']];

function positions(word: string, test: (c: string, i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) if (test(word[i]!, i)) out.push(i);
  return out;
}

export function disguise(name: string, family: DisguiseFamily, random: Random): string | null {
  const letters = name.replace(/[^A-Za-z]/g, '');
  switch (family) {
    case 'leet': {
      const at = positions(name, (c) => LEET[c.toLowerCase()] !== undefined);
      if (!at.length) return null;
      const i = random.pick(at);
      return name.slice(0, i) + random.pick(LEET[name[i]!.toLowerCase()]!) + name.slice(i + 1);
    }
    case 'homoglyph': {
      const at = positions(name, (c) => HOMOGLYPHS[c] !== undefined);
      if (!at.length) return null;
      const i = random.pick(at);
      return name.slice(0, i) + random.pick(HOMOGLYPHS[name[i]!]!) + name.slice(i + 1);
    }
    case 'spaced':
      return letters.length >= 3 ? letters.toUpperCase().split('').join(' ') : null;
    case 'dotted':
      return letters.length >= 2 ? letters.toUpperCase().split('').join('.') : null;
    case 'split': {
      if (name.includes(' ') || letters.length < 5) return null;
      const cut = random.int(2, name.length - 2);
      return `${name.slice(0, cut)} ${name.slice(cut)}`;
    }
    case 'glued':
      return name.includes(' ') ? name.replace(/\s+/g, '').toLowerCase() : null;
    case 'doubled': {
      const at = positions(name, (c) => /[a-z]/i.test(c));
      const i = random.pick(at);
      return name.slice(0, i + 1) + name[i]! + name.slice(i + 1);
    }
    case 'dropped': {
      if (letters.length < 5) return null;
      // Not the first letter: the name must stay recognisable, which is the seller's aim.
      const at = positions(name, (c, i) => i > 0 && /[a-z]/i.test(c));
      const i = random.pick(at);
      return name.slice(0, i) + name.slice(i + 1);
    }
    case 'swapped': {
      if (letters.length < 4) return null;
      const at = positions(name, (c, i) => i > 0 && i < name.length - 1 && /[a-z]/i.test(c) && /[a-z]/i.test(name[i + 1]!) && c.toLowerCase() !== name[i + 1]!.toLowerCase());
      if (!at.length) return null;
      const i = random.pick(at);
      return name.slice(0, i) + name[i + 1]! + name[i]! + name.slice(i + 2);
    }
    case 'lookalike': {
      const options = LOOKALIKE.filter(([re]) => re.test(name));
      if (!options.length) return null;
      const [re, to] = random.pick(options);
      return name.replace(re, to);
    }
    case 'case':
      return name
        .split('')
        .map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase()))
        .join('');
    case 'zero-width': {
      if (letters.length < 3) return null;
      const i = random.int(1, name.length - 1);
      return `${name.slice(0, i)}\u200b${name.slice(i)}`;
    }
    case 'sound': {
      const lower = name.toLowerCase();
      const options = SOUND.filter(([re]) => re.test(lower));
      if (!options.length || letters.length < 5) return null;
      const [re, to] = random.pick(options);
      return lower.replace(re, to);
    }
    case 'plural':
      return /s$/i.test(name) ? null : `${name}s`;
  }
}
