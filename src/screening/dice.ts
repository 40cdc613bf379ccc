/**
 * Dice's coefficient on character bigrams, exactly as `string-similarity`'s compareTwoStrings
 * computes it (whitespace removed, bigram multiset intersection), with one side's bigrams counted
 * once in advance: marks are compared many times, so their bigrams are built at compile time.
 * test/dice.test.ts proves it equal to compareTwoStrings.
 */

export interface Bigrams {
  text: string;
  counts: Map<string, number>;
}

export function bigramsOf(text: string): Bigrams {
  const s = text.replace(/\s+/g, '');
  const counts = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const bigram = s.substring(i, i + 2);
    counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
  }
  return { text: s, counts };
}

export function dice(first: Bigrams, secondRaw: string): number {
  const second = secondRaw.replace(/\s+/g, '');
  if (first.text === second) return 1;
  if (first.text.length < 2 || second.length < 2) return 0;
  // Small maps: a copy is cheaper than tracking used bigrams separately.
  const left = new Map(first.counts);
  let intersection = 0;
  for (let i = 0; i < second.length - 1; i++) {
    const bigram = second.substring(i, i + 2);
    const count = left.get(bigram) ?? 0;
    if (count > 0) {
      left.set(bigram, count - 1);
      intersection++;
    }
  }
  return (2 * intersection) / (first.text.length + second.length - 2);
}

/** Optimal string alignment distance (Damerau-Levenshtein without re-edits): a transposition is one edit. */
export function osaDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}
