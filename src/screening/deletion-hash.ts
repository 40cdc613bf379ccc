/**
 * Hashes of a key with one or two letters deleted, computed from prefix and suffix hashes without
 * building the strings. The two-edit index is looked up with every one- and two-letter deletion
 * of a word (45 for nine letters): as strings that was most of the cost of two-edit search
 * (bench:match, cold: ~25 µs per distinct description); as 32-bit integers it is arithmetic.
 * A collision only proposes a candidate, which the edit cost then weighs on the real strings.
 */
const B = 0x01000193;

/** Calls `visit` with the hash of `key`, of each one-letter deletion and of each two-letter deletion (repeats included). */
export function forEachDeletionHash(key: string, visit: (hash: number) => void): void {
  const n = key.length;
  const pre = new Int32Array(n + 1);
  const pow = new Int32Array(n + 1);
  pow[0] = 1;
  for (let k = 0; k < n; k++) {
    pre[k + 1] = (Math.imul(pre[k]!, B) + key.charCodeAt(k)) | 0;
    pow[k + 1] = Math.imul(pow[k]!, B);
  }
  /** Hash of key[a..b). */
  const part = (a: number, b: number) => (pre[b]! - Math.imul(pre[a]!, pow[b - a]!)) | 0;
  visit(pre[n]!);
  for (let i = 0; i < n; i++) {
    const left = pre[i]!;
    visit((Math.imul(left, pow[n - i - 1]!) + part(i + 1, n)) | 0);
    for (let j = i + 1; j < n; j++) {
      const twoGone = (Math.imul((Math.imul(left, pow[j - i - 1]!) + part(i + 1, j)) | 0, pow[n - j - 1]!) + part(j + 1, n)) | 0;
      visit(twoGone);
    }
  }
}

/** The hash of a whole string, equal to what forEachDeletionHash gives for the same letters. */
export function stringHash(s: string): number {
  let h = 0;
  for (let k = 0; k < s.length; k++) h = (Math.imul(h, B) + s.charCodeAt(k)) | 0;
  return h;
}
