/**
 * Hashes of a key with one or two letters deleted, computed from prefix and suffix hashes without
 * building the strings. The two-edit index is looked up with every one- and two-letter deletion
 * of a word (45 for nine letters): as strings that was most of the cost of two-edit search
 * (bench:match, cold: ~25 µs per distinct description); as 32-bit integers it is arithmetic.
 * A collision only proposes a candidate, which the edit cost then weighs on the real strings.
 */
const B = 0x01000193;

let hashes = new Int32Array(256);
let pre = new Int32Array(32);
let pow = new Int32Array(32);

/**
 * Fills `pre` (hash of each prefix) and `pow` (B^k) for `key`, and makes `hashes` hold at least
 * `slots` values: hash of key[a..b) is pre[b] - pre[a]·B^(b-a).
 */
function prefixHashes(key: string, slots: number): void {
  const n = key.length;
  if (n + 1 > pre.length) {
    pre = new Int32Array(2 * (n + 1));
    pow = new Int32Array(2 * (n + 1));
  }
  if (slots > hashes.length) hashes = new Int32Array(2 * slots);
  pow[0] = 1;
  pre[0] = 0;
  for (let k = 0; k < n; k++) {
    pre[k + 1] = (Math.imul(pre[k]!, B) + key.charCodeAt(k)) | 0;
    pow[k + 1] = Math.imul(pow[k]!, B);
  }
}

/**
 * The hashes of `key`, of each one-letter deletion and of each two-letter deletion (repeats
 * included), in a buffer reused across calls: read the first `count` before the next call.
 */
export function deletionHashes(key: string): { hashes: Int32Array; count: number } {
  const n = key.length;
  prefixHashes(key, 1 + n + (n * (n - 1)) / 2);
  let count = 0;
  hashes[count++] = pre[n]!;
  for (let i = 0; i < n; i++) {
    const left = pre[i]!;
    // Hash of key[a..b) is pre[b] - pre[a]·B^(b-a).
    const rest = (pre[n]! - Math.imul(pre[i + 1]!, pow[n - i - 1]!)) | 0;
    hashes[count++] = (Math.imul(left, pow[n - i - 1]!) + rest) | 0;
    for (let j = i + 1; j < n; j++) {
      const middle = (pre[j]! - Math.imul(pre[i + 1]!, pow[j - i - 1]!)) | 0;
      const tail = (pre[n]! - Math.imul(pre[j + 1]!, pow[n - j - 1]!)) | 0;
      hashes[count++] = (Math.imul((Math.imul(left, pow[j - i - 1]!) + middle) | 0, pow[n - j - 1]!) + tail) | 0;
    }
  }
  return { hashes, count };
}

/**
 * The hashes of `key` and of each one-letter deletion (count = length + 1), in the same reused
 * buffer as deletionHashes: the one-edit search's lookups, without building a string.
 */
export function oneDeletionHashes(key: string): { hashes: Int32Array; count: number } {
  const n = key.length;
  prefixHashes(key, n + 1);
  let count = 0;
  hashes[count++] = pre[n]!;
  for (let i = 0; i < n; i++) {
    const rest = (pre[n]! - Math.imul(pre[i + 1]!, pow[n - i - 1]!)) | 0;
    hashes[count++] = (Math.imul(pre[i]!, pow[n - i - 1]!) + rest) | 0;
  }
  return { hashes, count };
}

/** The hash of a whole string, equal to what forEachDeletionHash gives for the same letters. */
export function stringHash(s: string): number {
  let h = 0;
  for (let k = 0; k < s.length; k++) h = (Math.imul(h, B) + s.charCodeAt(k)) | 0;
  return h;
}
