/**
 * Dice's coefficient on character bigrams, exactly as `string-similarity`'s compareTwoStrings
 * computes it (whitespace removed, bigram multiset intersection), with one side's bigrams counted
 * once in advance: marks are compared many times, so their bigrams are built at compile time.
 * test/dice.test.ts proves it equal to compareTwoStrings.
 */

export interface Bigrams {
  text: string;
  /** The bigrams in order, repeats kept: a multiset. */
  list: string[];
}

export function bigramsOf(text: string): Bigrams {
  const s = text.replace(/\s+/g, '');
  const list: string[] = [];
  for (let i = 0; i < s.length - 1; i++) list.push(s.substring(i, i + 2));
  return { text: s, list };
}

export function dice(first: Bigrams, secondRaw: string): number {
  const second = /\s/.test(secondRaw) ? secondRaw.replace(/\s+/g, '') : secondRaw;
  if (first.text === second) return 1;
  if (first.text.length < 2 || second.length < 2) return 0;
  // Names are short: a linear scan with "used" flags is the multiset intersection without maps.
  const list = first.list;
  const used = new Uint8Array(list.length);
  let intersection = 0;
  for (let i = 0; i < second.length - 1; i++) {
    const a = second.charCodeAt(i);
    const b = second.charCodeAt(i + 1);
    for (let j = 0; j < list.length; j++) {
      const bigram = list[j]!;
      if (used[j] === 0 && bigram.charCodeAt(0) === a && bigram.charCodeAt(1) === b) {
        used[j] = 1;
        intersection++;
        break;
      }
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
