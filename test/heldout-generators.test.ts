/**
 * The held-out evaluation's generators do what they claim (bench/heldout/): two-edit spellings are
 * at distance 2, look-alikes fold back to the mark through Unicode data, keyboard typos use
 * neighbouring keys, the split is deterministic and disjoint, and everything is seeded. No engine.
 */
import stringSimilarity from 'string-similarity';
import { describe, expect, it } from 'vitest';
import { NaiveScreener } from '../bench/heldout/baseline.ts';
import { permutations } from '../bench/heldout/gen/dnstwist.ts';
import { twoEditVariant } from '../bench/heldout/gen/edits.ts';
import { keyboardTypo, neighbours } from '../bench/heldout/gen/keyboard.ts';
import { knockoffVariant, KNOCKOFF_STYLES } from '../bench/heldout/gen/knockoffs.ts';
import { loadLookalikes, lookalikeLeetVariant, lookalikeVariant, looksLike, mixedScriptVariant, scriptWordVariant } from '../bench/heldout/gen/lookalikes.ts';
import { phoneticVariant } from '../bench/heldout/gen/phonetic.ts';
import { scriptTitle } from '../bench/heldout/gen/script-titles.ts';
import { GOODS } from '../bench/heldout/goods.ts';
import type { Mark } from '../bench/heldout/model.ts';
import { rngFor } from '../bench/heldout/rng.ts';
import { halfOf } from '../bench/heldout/split.ts';
import { damerau, mentions, replaceMention } from '../bench/heldout/text.ts';

const MARKS = ['Gucci', 'Louis Vuitton', 'Balenciaga', 'Nike', 'Rolex', 'Hot Wheels', 'Swarovski', 'Tiffany & Co.', 'JBL', 'Samsung'];

/** Reads a spelling back letter by letter through the look-alike table: ASCII stays, anything else must be a table entry. */
function foldThroughTable(text: string): string[][] {
  const table = loadLookalikes();
  return [...text].map((c) => {
    if (/^[\x20-\x7e]$/.test(c)) return [c.toLowerCase()];
    return [...table.byLetter].filter(([, entries]) => entries.some((e) => e.char === c)).map(([letter]) => letter);
  });
}

function readsAs(text: string, mark: string): boolean {
  const letters = foldThroughTable(text);
  const target = [...mark.toLowerCase()];
  return letters.length === target.length && letters.every((options, i) => options.includes(target[i]!));
}

describe('damerau', () => {
  it('counts a transposition as one edit and unrelated strings fully', () => {
    expect(damerau('gucci', 'gucci')).toBe(0);
    expect(damerau('gucci', 'ugcci')).toBe(1);
    expect(damerau('rolex', 'rlx')).toBe(2);
    expect(damerau('ca', 'abc')).toBe(2);
    expect(damerau('nike', 'xyz')).toBe(4);
  });
});

describe('two-edit spellings', () => {
  it('are at Damerau distance exactly 2 from marks of six letters or more', () => {
    let made = 0;
    for (const mark of MARKS.filter((m) => m.replace(/[^A-Za-z]/g, '').length >= 6)) {
      for (let seed = 0; seed < 40; seed++) {
        const v = twoEditVariant(rngFor(seed, 'two-edit', mark), mark);
        if (!v) continue;
        made++;
        expect(damerau(mark.toLowerCase(), v.text.toLowerCase()), `${mark} -> ${v.text}`).toBe(2);
      }
    }
    expect(made).toBeGreaterThan(200);
  });

  it('are not made for shorter marks', () => {
    for (const mark of ['Nike', 'Rolex', 'JBL', 'Gucci']) expect(twoEditVariant(rngFor(1, mark), mark)).toBeUndefined();
  });
});

describe('look-alikes from Unicode data', () => {
  it('hold UTS #39 confusables and characters beyond them, from names and NFKD', () => {
    const t = loadLookalikes();
    const sourceOf = (char: string, letter: string) => t.byLetter.get(letter)?.find((e) => e.char === char)?.source;
    expect(sourceOf('а', 'a')).toBe('uts39'); // Cyrillic a
    expect(sourceOf('ꙇ', 'i')).toBe('uts39'); // Cyrillic iota
    expect(sourceOf('Ȿ', 's')).toBe('name'); // LATIN CAPITAL LETTER S WITH SWASH TAIL
    expect(sourceOf('в', 'b')).toBe('chain'); // Cyrillic ve -> small capital B
    expect(looksLike('ʀ', 'r')).toBe(true); // small capital
    expect(looksLike('ｇ', 'g')).toBe(true); // full-width
    expect(looksLike('ⓐ', 'a')).toBe(true); // circled
    expect(looksLike('𝐚', 'a')).toBe(true); // mathematical bold
    expect(looksLike('x', 'a')).toBe(false);
    expect(t.size).toBeGreaterThan(2500);
  });

  it('give spellings that differ from the mark and read back as the mark through the table', () => {
    for (const mark of MARKS) {
      for (let seed = 0; seed < 15; seed++) {
        for (const v of [
          lookalikeVariant(rngFor(seed, 'uts39', mark), mark, 'uts39', 1),
          lookalikeVariant(rngFor(seed, 'beyond', mark), mark, 'beyond', 1),
          lookalikeVariant(rngFor(seed, 'several', mark), mark, 'any', 2),
          mixedScriptVariant(rngFor(seed, 'mixed', mark), mark),
        ]) {
          if (!v) continue;
          expect(v.text).not.toBe(mark);
          expect(readsAs(v.text, mark), `${mark} -> ${v.text}`).toBe(true);
        }
      }
    }
  });

  it('draw UTS #39 entries for the UTS #39 family and others for the family beyond it', () => {
    for (let seed = 0; seed < 30; seed++) {
      expect(lookalikeVariant(rngFor(seed, 'a'), 'Balenciaga', 'uts39', 1)!.replaced.every((e) => e.source === 'uts39')).toBe(true);
      const beyond = lookalikeVariant(rngFor(seed, 'b'), 'Balenciaga', 'beyond', 1)!.replaced[0]!;
      expect(beyond.source).not.toBe('uts39');
      if (beyond.source === 'nfkd') expect(beyond.char.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()).toBe(beyond.letter);
    }
  });

  it('write whole words in Cyrillic or Greek letters, with no Latin letter left', () => {
    const v = scriptWordVariant(rngFor(3, 'hot'), 'Hot Wheels')!;
    expect(v.text).not.toMatch(/\p{Script=Latin}/u);
    expect(v.text).toMatch(/\p{Script=Cyrillic}/u);
    expect(readsAs(v.text, 'Hot Wheels')).toBe(true);
  });

  it('combine one look-alike with one leet character', () => {
    const v = lookalikeLeetVariant(rngFor(5, 'leet'), 'Adidas')!;
    expect(v.replaced).toHaveLength(1);
    expect(v.text).toMatch(/[@4!105$7]/);
    expect([...v.text].filter((c) => /[^\x00-\x7f]/.test(c))).toHaveLength(1);
  });
});

describe('keyboard typos', () => {
  it('know a QWERTY key’s neighbours from the staggered rows', () => {
    expect(new Set(neighbours('g'))).toEqual(new Set(['t', 'y', 'f', 'h', 'v', 'b']));
    expect(new Set(neighbours('q'))).toEqual(new Set(['w', 'a']));
    expect(neighbours('m')).toContain('n');
    expect(neighbours('m')).not.toContain('b');
  });

  it('replace a letter by a neighbour or insert a neighbour next to it', () => {
    for (const mark of MARKS) {
      for (let seed = 0; seed < 20; seed++) {
        const typo = keyboardTypo(rngFor(seed, 'kb', mark), mark)!;
        const lower = mark.toLowerCase();
        const text = typo.text.toLowerCase();
        expect(neighbours(lower[typo.at]!)).toContain(typo.key);
        if (typo.op === 'replace') {
          expect(text).toBe(lower.slice(0, typo.at) + typo.key + lower.slice(typo.at + 1));
        } else {
          expect([lower.slice(0, typo.at) + typo.key + lower.slice(typo.at), lower.slice(0, typo.at + 1) + typo.key + lower.slice(typo.at + 1)]).toContain(text);
        }
      }
    }
  });
});

describe('permutation-tool fuzzers', () => {
  it('make the variants the tool documents', () => {
    expect(permutations('gucci', 'omission')).toEqual(['ucci', 'gcci', 'guci', 'gucc']);
    expect(permutations('gucci', 'transposition')).toEqual(['ugcci', 'gcuci', 'gucic']);
    expect(permutations('gucci', 'addition')).toHaveLength(36);
    expect(permutations('gucci', 'hyphenation')).toEqual(['g-ucci', 'gu-cci', 'guc-ci', 'gucc-i']);
    expect(permutations('gucci', 'vowel-swap')).toContain('gocci');
    expect(permutations('gucci', 'bitsquatting').every((v) => /^[a-z0-9-]+$/.test(v))).toBe(true);
    expect(permutations('gucci', 'bitsquatting')).toContain('eucci'); // g ^ 2
    expect(permutations('nike', 'replacement')).toContain('mike');
    expect(permutations('nike', 'homoglyph')).toEqual(expect.arrayContaining(['nlke', 'n1ke', 'mike']));
    expect(permutations('swatch', 'homoglyph')).toContain('svvatch');
  });
});

describe('phonetic respellings and knock-offs', () => {
  it('respell by English spelling conventions, never returning the mark', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const v = phoneticVariant(rngFor(seed, 'ph'), 'Nike');
      if (v) {
        expect(v.text.toLowerCase()).not.toBe('nike');
        seen.add(v.text);
      }
    }
    expect(seen).toContain('Nyke');
    expect(seen).toContain('Nikey');
  });

  it('make knock-offs in each style, different from the mark', () => {
    for (const style of KNOCKOFF_STYLES) {
      for (const mark of MARKS) {
        const v = knockoffVariant(rngFor(2, style, mark), mark, style);
        if (v) expect(v.text.toLowerCase()).not.toBe(mark.toLowerCase());
      }
    }
    expect(knockoffVariant(rngFor(1, 'swap'), 'Gucci', 'swap')!.text.length).toBe(5);
  });

  it('write same-script titles without spaces in Chinese and Japanese, and negatives with no mark', () => {
    const shoes = GOODS.shoes.products[0]!;
    const zh = scriptTitle(rngFor(1, 'zh'), 'zh', shoes, '耐克');
    expect(zh).toContain('耐克');
    expect(zh).not.toMatch(/\s/);
    expect(scriptTitle(rngFor(1, 'ja'), 'ja', shoes, undefined)).not.toMatch(/ナイキ|\s/);
    expect(scriptTitle(rngFor(1, 'ru'), 'ru', shoes, 'Найк')).toContain('Найк');
  });
});

describe('every generator is seeded', () => {
  const run = (seed: number) =>
    MARKS.map((mark) =>
      [
        twoEditVariant(rngFor(seed, mark), mark)?.text,
        lookalikeVariant(rngFor(seed, mark), mark, 'any', 2)?.text,
        keyboardTypo(rngFor(seed, mark), mark)?.text,
        phoneticVariant(rngFor(seed, mark), mark)?.text,
        knockoffVariant(rngFor(seed, mark), mark)?.text,
        scriptWordVariant(rngFor(seed, mark), mark)?.text,
      ].join('|'),
    );

  it('gives the same spellings for the same seed and others for another', () => {
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});

describe('the tuning / held-out split', () => {
  const names = ['Nike', 'Adidas', 'Gucci', 'Rolex', 'Apple', 'Coach', 'Puma', 'Sony', 'Casio', 'Lego', 'Dior', 'Fendi', 'Prada', 'Omega', 'Shell', 'Dove'];

  it('is deterministic, disjoint, covers every mark and puts marks in both halves', () => {
    const first = names.map((n) => halfOf(n));
    expect(names.map((n) => halfOf(n))).toEqual(first);
    const tuning = names.filter((n) => halfOf(n) === 'tuning');
    const heldout = names.filter((n) => halfOf(n) === 'heldout');
    expect(tuning.filter((n) => heldout.includes(n))).toEqual([]);
    expect(tuning.length + heldout.length).toBe(names.length);
    expect(tuning.length).toBeGreaterThan(2);
    expect(heldout.length).toBeGreaterThan(2);
    expect(halfOf('NIKE')).toBe(halfOf('Nike'));
  });

  it('draws another split with another salt', () => {
    expect(names.map((n) => halfOf(n, 'another salt'))).not.toEqual(names.map((n) => halfOf(n)));
  });
});

describe('labelling and the baseline', () => {
  it('labels whole words in alphabetic scripts and substrings in Chinese and Japanese', () => {
    expect(mentions('Coach leather handbag', 'Coach')).toBe(true);
    expect(mentions('Coaching session voucher', 'Coach')).toBe(false);
    expect(mentions('HERMÈS scarf', 'Hermes')).toBe(true);
    expect(mentions('新款耐克运动鞋', '耐克')).toBe(true);
    expect(replaceMention('NIKE Air Max, nike bag', 'Nike', 'Nlke')).toBe('Nlke Air Max, Nlke bag');
  });

  it('flags exactly what findBestMatch over every name at 0.8 would', () => {
    const mark = (name: string, aliases: string[] = []): Mark => ({
      applicationId: name, name, aliases, scriptNames: [], goods: ['bags'], hsCodes: ['4202'], authorizedSellers: [], priceFloors: [], half: 'tuning', provenance: [],
    });
    const marks = [mark('Gucci'), mark('Louis Vuitton', ['LV']), mark('Balenciaga'), mark('Nike', ['Air Max']), mark('Dolce & Gabbana')];
    const screener = new NaiveScreener(marks);
    const names = marks.flatMap((m) => [m.name, ...m.aliases].map((n) => ({ n: n.toLowerCase(), m })));
    const rng = rngFor(9, 'baseline');
    const words = ['gucci', 'guci', 'lou', 'is', 'louis', 'vuiton', 'lv', 'bag', 'balenciaga', 'balenciag', 'nike', 'nikee', 'air', 'max', 'dolce', 'gabana', 'x', 'new'];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + rng.int(0, 4) }, () => rng.pick(words)).join(' ');
      const tokens = text.split(' ');
      const expected = new Set<Mark>();
      for (let s = 0; s < tokens.length; s++) {
        for (let n = 1; n <= 3 && s + n <= tokens.length; n++) {
          const best = stringSimilarity.findBestMatch(tokens.slice(s, s + n).join(' '), names.map((x) => x.n));
          if (best.bestMatch.rating >= 0.8) expected.add(names[best.bestMatchIndex]!.m);
        }
      }
      expect(new Set(screener.screen(text)), text).toEqual(expected);
    }
  });
});
