/**
 * Random two-edit spellings of marks of six letters or more: any two of replace, insert, delete and
 * transpose, with any letter (not only keyboard or shape neighbours), kept only when the result is
 * at Damerau-Levenshtein distance exactly 2 from the mark.
 */
import type { Random } from '../rng.ts';
import { damerau, recase } from '../text.ts';

export type EditOp = 'replace' | 'insert' | 'delete' | 'transpose';
const OPS: EditOp[] = ['replace', 'insert', 'delete', 'transpose'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
export const TWO_EDIT_MIN_LETTERS = 6;

function applyEdit(rng: Random, chars: string[], op: EditOp): boolean {
  const letters = chars.flatMap((c, i) => (/\p{L}/u.test(c) ? [i] : []));
  if (letters.length < 2) return false;
  const at = rng.pick(letters);
  switch (op) {
    case 'replace': {
      const letter = rng.pick([...ALPHABET].filter((l) => l !== chars[at]));
      chars[at] = letter;
      return true;
    }
    case 'insert':
      chars.splice(rng.chance(0.5) ? at : at + 1, 0, rng.pick([...ALPHABET]));
      return true;
    case 'delete':
      chars.splice(at, 1);
      return true;
    case 'transpose': {
      const next = at + 1;
      if (next >= chars.length || !/\p{L}/u.test(chars[next]!) || chars[next] === chars[at]) return false;
      [chars[at], chars[next]] = [chars[next]!, chars[at]!];
      return true;
    }
  }
}

export interface TwoEditVariant {
  text: string;
  ops: [EditOp, EditOp];
}

export function twoEditVariant(rng: Random, mark: string): TwoEditVariant | undefined {
  const lower = mark.toLowerCase();
  if ([...lower].filter((c) => /\p{L}/u.test(c)).length < TWO_EDIT_MIN_LETTERS) return undefined;
  for (let attempt = 0; attempt < 30; attempt++) {
    const chars = [...lower];
    const ops: [EditOp, EditOp] = [rng.pick(OPS), rng.pick(OPS)];
    if (!applyEdit(rng, chars, ops[0]) || !applyEdit(rng, chars, ops[1])) continue;
    const text = chars.join('');
    if (damerau(lower, text) === 2) return { text: recase(mark, text), ops };
  }
  return undefined;
}
