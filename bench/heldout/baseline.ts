/**
 * The naive baseline screened beside the engine: `string-similarity`'s findBestMatch of every
 * window of one to three words of the description against every registered name (marks, aliases,
 * other-script names), lower-cased; a parcel is flagged when some window scores at least the
 * threshold, and the mark "found" is the one that window matched best.
 *
 * Only names that could reach the threshold are passed to findBestMatch: Dice's coefficient is at
 * most 2·min(a, b)/(a + b) for bigram counts a and b, so the others cannot score ≥ 0.8. The result
 * is the same as against every name, a few times faster.
 */
import stringSimilarity from 'string-similarity';
import { namesOf, type Mark } from './model.ts';

export const BASELINE_THRESHOLD = 0.8;

interface Target {
  text: string;
  bigrams: number;
  mark: Mark;
}

const bigramCount = (s: string) => Math.max(0, s.replace(/\s+/g, '').length - 1);

export class NaiveScreener {
  private readonly targets: Target[];
  private readonly cache = new Map<string, Mark[]>();

  constructor(marks: Mark[], private readonly threshold = BASELINE_THRESHOLD) {
    this.targets = marks.flatMap((mark) => namesOf(mark).map((name) => ({ text: name.toLowerCase(), bigrams: bigramCount(name.toLowerCase()), mark })));
  }

  /** The marks whose names some window of the description matches at or above the threshold (none: not flagged). */
  screen(description: string): Mark[] {
    const tokens = description.toLowerCase().split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
    const found = new Set<Mark>();
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 1; n <= 3 && i + n <= tokens.length; n++) {
        for (const mark of this.window(tokens.slice(i, i + n).join(' '))) found.add(mark);
      }
    }
    return [...found];
  }

  private window(text: string): Mark[] {
    let hit = this.cache.get(text);
    if (hit) return hit;
    const a = bigramCount(text);
    const candidates = this.targets.filter((t) => (a + t.bigrams === 0 ? false : (2 * Math.min(a, t.bigrams)) / (a + t.bigrams) >= this.threshold) || t.text === text);
    hit = [];
    if (candidates.length) {
      const { bestMatch, bestMatchIndex } = stringSimilarity.findBestMatch(text, candidates.map((c) => c.text));
      if (bestMatch.rating >= this.threshold) hit = [candidates[bestMatchIndex]!.mark];
    }
    this.cache.set(text, hit);
    return hit;
  }
}
