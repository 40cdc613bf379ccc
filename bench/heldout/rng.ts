/**
 * Seeded randomness for the generators: each generator and mark draws from its own stream, derived
 * from the run's seed and a name, so one family's cases do not change when another family changes
 * or when `--limit` cuts a family short.
 */
import { createHash } from 'node:crypto';
import { Random } from '../gen/random.ts';

export { Random };

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

export function rngFor(seed: number, ...keys: string[]): Random {
  return new Random((hash32(keys.join('\u0000')) ^ seed) >>> 0);
}

export function shuffle<T>(rng: Random, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function sample<T>(rng: Random, list: readonly T[], n: number): T[] {
  return list.length <= n ? [...list] : shuffle(rng, list).slice(0, n);
}
