/**
 * A bit filter of the exact-lookup keys, probed with a hash the window loop (match.ts) extends
 * letter by letter as it joins tokens: a window whose key has no bit set is no key, so its Map
 * lookup (flattening and hashing a freshly joined string) is skipped. Profile of findMentions on
 * the realistic 5,000-application registry (issue 13): that lookup was its costliest line, ~30
 * windows a title, nearly all misses. No false negatives by construction (same hash of the same
 * letters); a false positive only costs the lookup.
 */
export const KEY_FILTER_BITS = 1 << 20; // 128 KB; ~9,000 keys set under 1 % of the bits

export const KEY_HASH_SEED = 0x811c9dc5;

/** FNV-1a over UTF-16 code units, one unit at a time. */
export function extendKeyHash(hash: number, s: string, from = 0): number {
  let h = hash;
  for (let k = from; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619);
  return h;
}

export function buildKeyFilter(keys: Iterable<string>): Uint32Array {
  const filter = new Uint32Array(KEY_FILTER_BITS >>> 5);
  for (const key of keys) {
    const bit = extendKeyHash(KEY_HASH_SEED, key) & (KEY_FILTER_BITS - 1);
    filter[bit >>> 5]! |= 1 << (bit & 31);
  }
  return filter;
}

export function mayBeKey(filter: Uint32Array, hash: number): boolean {
  const bit = hash & (KEY_FILTER_BITS - 1);
  return (filter[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}
