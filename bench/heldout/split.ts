/**
 * The tuning / held-out split: a mark belongs to one half by a hash of its name, so the split is the
 * same on every run and machine, needs no list, and every case about a mark lands in the mark's half.
 * The engine's developer may look at tuning-half misses; held-out figures are reported, never listed.
 * `--split-salt` draws another split of the same marks (for an outside evaluator who wants a fresh one).
 */
import { createHash } from 'node:crypto';
import type { Half } from './model.ts';
import { letterKey } from './text.ts';

export const DEFAULT_SPLIT_SALT = 'parcelscreen-heldout-v1';

export function halfOf(key: string, salt = DEFAULT_SPLIT_SALT): Half {
  const digest = createHash('sha256').update(`${salt}\u0000${letterKey(key) || key}`).digest();
  return digest[0]! % 2 === 0 ? 'tuning' : 'heldout';
}
