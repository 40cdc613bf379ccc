/**
 * The compiled registry cache (registry-cache.ts) and the typed-array postings it carries
 * (hash-postings.ts): what is read back screens exactly as what was compiled.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPosting, HashPostings, postingsBuilder, revivePostings } from '../../src/screening/hash-postings.ts';
import { cachedWarnings, loadCompiledRegistry } from '../../src/screening/registry-cache.ts';
import { Screener } from '../../src/screening/screen.ts';
import { parcel, s10 } from '../support/fixtures.ts';
import { TEST_BUNDLE } from '../support/registry.ts';
import type { Parcel } from '../../src/domain/manifest.ts';

describe('HashPostings', () => {
  it('gives, for every hash, the items added under it in order and once, and nothing for others, also after a structured clone', () => {
    const items = Array.from({ length: 300 }, (_, i) => `item${i}`);
    const builder = postingsBuilder();
    const expected = new Map<number, string[]>();
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
    for (let id = 0; id < items.length; id++) {
      for (let k = 0; k < 20; k++) {
        const hash = next() % 500; // collisions between items, repeats within one, negative hashes
        addPosting(builder, hash, id);
        const list = expected.get(hash) ?? [];
        if (list[list.length - 1] !== items[id]) list.push(items[id]!);
        expected.set(hash, list);
      }
    }
    const postings = new HashPostings(builder, items);
    const clone = revivePostings(deserialize(serialize(postings)) as HashPostings<string>);
    expect(postings.size).toBe(expected.size);
    for (const index of [postings, clone]) {
      for (const [hash, list] of expected) expect(index.get(hash)).toEqual(list);
      for (const absent of [500, 501, -501, 123456, 2 ** 31 - 1]) expect(index.get(absent)).toBeUndefined();
    }
  });
});

describe('compiled registry cache', () => {
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env.PARCELSCREEN_CACHE_DIR;
    process.env.PARCELSCREEN_CACHE_DIR = mkdtempSync(join(tmpdir(), 'parcelscreen-cache-test-'));
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.PARCELSCREEN_CACHE_DIR;
    else process.env.PARCELSCREEN_CACHE_DIR = previous;
  });

  const bundle = { ...TEST_BUNDLE, applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: '2999-01-01' })) };
  const probes: Parcel[] = [
    ['G U C C I handbag', '420221'],
    ['Nikee running shoes', '640411'],
    ['Coach leather handbag', '420221'],
    ['Wooden toy train', '950300'],
  ].map(([description, hsCode], i) => parcel(s10(i + 1), { items: [{ description: description!, hsCode: hsCode!, quantity: 1, value: 20, currency: 'EUR' }] }) as Parcel);

  it('reads back a compile that screens every parcel as the fresh one does, keeps its warnings, and keys on the text and day', () => {
    const text = JSON.stringify(bundle);
    const first = loadCompiledRegistry(text, 3, '2026-06-01');
    const second = loadCompiledRegistry(text, 4, '2026-06-01');
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(second.registry.version).toBe(4);
    expect(cachedWarnings(text, '2026-06-01')).toEqual(first.registry.warnings);
    expect(first.registry.warnings.length).toBeGreaterThan(0);
    const fresh = new Screener(first.registry);
    const read = new Screener(second.registry);
    for (const p of probes) expect(read.screen({ itemId: p.itemId, parcel: p })).toEqual(fresh.screen({ itemId: p.itemId, parcel: p }));
    expect(probes.map((p) => read.screen({ itemId: p.itemId, parcel: p }).decision)).toContain('hold');
    // Another day or another text is another compile.
    expect(loadCompiledRegistry(text, 3, '2026-06-02').cached).toBe(false);
    expect(loadCompiledRegistry(`${text} `, 3, '2026-06-01').cached).toBe(false);
    expect(cachedWarnings(`${text}  `, '2026-06-01')).toBeNull();
  });

  it('compiles over a cached file that does not read back', () => {
    const text = JSON.stringify(bundle);
    loadCompiledRegistry(text, 1, '2026-06-01');
    const dir = process.env.PARCELSCREEN_CACHE_DIR!;
    const file = readdirSync(dir).find((f) => f.endsWith('.v8'))!;
    writeFileSync(join(dir, file), 'not a serialised registry');
    const again = loadCompiledRegistry(text, 1, '2026-06-01');
    expect(again.cached).toBe(false);
    expect(new Screener(again.registry).screen({ itemId: probes[0]!.itemId, parcel: probes[0]! }).decision).toBe('hold');
  });
});
