/**
 * Marks by 32-bit hash (the deletion indexes, deletion-hash.ts) in four typed arrays instead of a
 * Map of arrays. On 5,000 applications the two-edit index holds ~313,000 hashes: as a Map of
 * arrays it cost ~0.9 s of compile in `push` and GC, and ~0.6 s to read back from the disk cache
 * (v8.deserialize rebuilds every array); typed arrays are built with one sort and read back as
 * bytes. Lookups are an open-addressing probe, and only a hit allocates (its short list of marks).
 *
 * The arrays are plain data so that the structured clone of a compiled registry keeps them; the
 * methods come from the prototype, which `revivePostings` puts back after a clone.
 */
export interface PostingsBuilder {
  hashes: number[];
  ids: number[];
}

export function postingsBuilder(): PostingsBuilder {
  return { hashes: [], ids: [] };
}

export function addPosting(b: PostingsBuilder, hash: number, id: number): void {
  b.hashes.push(hash | 0);
  b.ids.push(id);
}

/** Ids of items: below 2^21 (names of a registry: 85,000 for 50,000 applications). */
const ID_SPACE = 2 ** 21;

/** 2^21 bits: with 313,000 hashes about one lookup in seven of an absent hash gets past the filter. */
const FILTER_WORDS = 1 << 16;

function filterBit(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 11;
}

export class HashPostings<T> {
  /** Distinct hashes, each once: its list is ids[offsets[g]..offsets[g+1]). */
  private readonly keys: Int32Array;
  private readonly offsets: Uint32Array;
  private readonly ids: Uint32Array;
  /**
   * Open addressing, two numbers a slot: the hash and its group + 1 (0 = empty), side by side so
   * that a probe reads one cache line; capacity a power of two.
   */
  private readonly table: Int32Array;
  private readonly shift: number;
  /**
   * One bit per hash (a second mixing of it): most lookups are of deletions no mark has, and this
   * 256 KB filter answers them without touching the table (4 MB on 5,000 applications).
   */
  private readonly filter: Uint32Array;

  /** `items[id]` is what a posting names; each list holds its items once, in the order of their ids. */
  constructor(builder: PostingsBuilder, private readonly items: readonly T[]) {
    const { hashes, ids } = builder;
    const n = hashes.length;
    // Sorted by (hash, id) as one number each, with the typed array's own numeric sort: a comparator
    // over 3 million postings (50,000 applications) took seconds. Ids up to 2^21 fit beside 32 bits.
    const packed = new Float64Array(n);
    let maxId = 0;
    for (let k = 0; k < n; k++) if (ids[k]! > maxId) maxId = ids[k]!;
    if (maxId >= ID_SPACE) throw new RangeError(`HashPostings holds ids below ${ID_SPACE}, not ${maxId}`);
    for (let k = 0; k < n; k++) packed[k] = (hashes[k]! + 2 ** 31) * ID_SPACE + ids[k]!;
    packed.sort();
    const keys: number[] = [];
    const offsets: number[] = [];
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const v = packed[k]!;
      const h = Math.floor(v / ID_SPACE) - 2 ** 31;
      const id = v - (h + 2 ** 31) * ID_SPACE;
      if (keys.length === 0 || keys[keys.length - 1] !== h) {
        keys.push(h);
        offsets.push(out.length);
      } else if (out[out.length - 1] === id) continue;
      out.push(id);
    }
    offsets.push(out.length);
    this.keys = Int32Array.from(keys);
    this.offsets = Uint32Array.from(offsets);
    this.ids = Uint32Array.from(out);
    let bits = 4;
    while (1 << bits < keys.length * 2) bits++;
    this.shift = 32 - bits;
    this.table = new Int32Array(2 << bits);
    const mask = (1 << bits) - 1;
    for (let g = 0; g < keys.length; g++) {
      let slot = Math.imul(keys[g]!, 0x9e3779b1) >>> this.shift;
      while (this.table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      this.table[2 * slot] = keys[g]!;
      this.table[2 * slot + 1] = g + 1;
    }
    this.filter = new Uint32Array(FILTER_WORDS);
    for (const h of keys) {
      const bit = filterBit(h);
      this.filter[bit >>> 5] = this.filter[bit >>> 5]! | (1 << (bit & 31));
    }
  }

  /** Distinct hashes held. */
  get size(): number {
    return this.keys.length;
  }

  get(hash: number): T[] | undefined {
    const bit = filterBit(hash);
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return undefined;
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const g = table[2 * slot + 1]!;
      if (g === 0) return undefined;
      if (table[2 * slot] === hash) {
        const from = this.offsets[g - 1]!;
        const to = this.offsets[g]!;
        const list: T[] = new Array<T>(to - from);
        for (let k = from; k < to; k++) list[k - from] = this.items[this.ids[k]!]!;
        return list;
      }
      slot = (slot + 1) & mask;
    }
  }
}

/** Puts the methods back on postings that went through a structured clone (v8.deserialize, postMessage). */
export function revivePostings<T>(value: HashPostings<T>): HashPostings<T> {
  return Object.setPrototypeOf(value, HashPostings.prototype) as HashPostings<T>;
}
