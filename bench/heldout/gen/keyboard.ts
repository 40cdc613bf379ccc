/**
 * Keyboard typos: a letter replaced by a neighbouring key, or a neighbouring key pressed with it.
 * Neighbours are computed from key positions (rows staggered as on a real keyboard) for the
 * QWERTY layout, and for QWERTZ and AZERTY where the permutation tool asks for them.
 */
import type { Random } from '../rng.ts';
import { recase } from '../text.ts';

const LAYOUTS = {
  qwerty: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
  qwertz: ['qwertzuiop', 'asdfghjkl', 'yxcvbnm'],
  azerty: ['azertyuiop', 'qsdfghjklm', 'wxcvbn'],
} as const;
export type Layout = keyof typeof LAYOUTS;

/** Horizontal offset of each row, in key widths, as the rows are staggered on a keyboard. */
const ROW_OFFSETS = [0, 0.25, 0.75];
const NEIGHBOUR_DISTANCE = 1.3;

function neighbourTable(rows: readonly string[]): Map<string, string[]> {
  const keys = rows.flatMap((row, r) => [...row].map((key, c) => ({ key, x: c + ROW_OFFSETS[r]!, y: r })));
  const table = new Map<string, string[]>();
  for (const a of keys) {
    table.set(a.key, keys.filter((b) => b !== a && Math.hypot(a.x - b.x, a.y - b.y) <= NEIGHBOUR_DISTANCE).map((b) => b.key));
  }
  return table;
}

const TABLES = new Map<Layout, Map<string, string[]>>(
  (Object.keys(LAYOUTS) as Layout[]).map((layout) => [layout, neighbourTable(LAYOUTS[layout])]),
);

export function neighbours(letter: string, layout: Layout = 'qwerty'): string[] {
  return TABLES.get(layout)!.get(letter.toLowerCase()) ?? [];
}

export interface KeyboardTypo {
  text: string;
  op: 'replace' | 'insert';
  at: number;
  key: string;
}

/** One typo on `mark`: a letter replaced by a QWERTY neighbour, or a neighbour inserted before or after it. */
export function keyboardTypo(rng: Random, mark: string): KeyboardTypo | undefined {
  const chars = [...mark.toLowerCase()];
  const positions = chars.flatMap((c, i) => (neighbours(c).length ? [i] : []));
  if (!positions.length) return undefined;
  const at = rng.pick(positions);
  const key = rng.pick(neighbours(chars[at]!));
  const op = rng.chance(0.5) ? 'replace' : 'insert';
  if (op === 'replace') chars[at] = key;
  else chars.splice(rng.chance(0.5) ? at : at + 1, 0, key);
  return { text: recase(mark, chars.join('')), op, at, key };
}
