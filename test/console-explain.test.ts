/** The case file's highlighting and plain words: pieces at the reasons' offsets, overlaps, words for every reason. */
import { describe, expect, it } from 'vitest';
import { highlight, kindInWords, reasonInWords } from '../src/console/explain.ts';
import type { Reason } from '../src/domain/decision.ts';

const r = (over: Partial<Reason>): Reason => ({ kind: 'trademark', field: 'items[0].description', matched: '', start: 0, end: 0, weight: 45, note: 'rule', ...over });

describe('highlight', () => {
  it('marks the matched text at its offsets in its own field only, numbering each piece by its reason', () => {
    const text = 'N1ke Air Max sneakers, replica';
    const reasons = [r({ start: 0, end: 4 }), r({ kind: 'keyword', start: 23, end: 30 }), r({ field: 'seller.name', start: 0, end: 4 })];
    expect(highlight(text, 'items[0].description', reasons)).toEqual([
      { text: 'N1ke', reason: 1 },
      { text: ' Air Max sneakers, ', reason: null },
      { text: 'replica', reason: 2 },
    ]);
  });

  it('keeps the first of overlapping spans, ignores spans outside the text, and leaves a text without evidence whole', () => {
    const text = 'Louis Vuitton bag';
    expect(highlight(text, 'f', [r({ field: 'f', start: 0, end: 13 }), r({ field: 'f', start: 6, end: 13 }), r({ field: 'f', start: 10, end: 99 })])).toEqual([
      { text: 'Louis Vuitton', reason: 1 },
      { text: ' bag', reason: null },
    ]);
    expect(highlight('plain', 'f', [])).toEqual([{ text: 'plain', reason: null }]);
    expect(highlight('', 'f', [])).toEqual([{ text: '', reason: null }]);
  });
});

describe('reasons in words', () => {
  it('names the match, the mark, the application and its holder, the similarity, the weight and the rule', () => {
    const words = reasonInWords(r({ matched: 'N1ke', start: 0, end: 4, mark: 'Nike', applicationId: 'AFA-1', similarity: 0.86, weight: 72, note: 'disguised spelling' }), new Map([['AFA-1', 'Nike, Inc.']]));
    expect(words).toBe('“N1ke” in item 1\'s description at characters 1–4; reads as the mark Nike; protected by application AFA-1 of Nike, Inc.; similarity 86 % (Dice on letter pairs); weight 72 of 100. Rule: disguised spelling');
    expect(reasonInWords(r({ kind: 'authorization', weight: 0, field: 'seller.name', matched: 'Nike Retail' }), new Map())).toContain('weight 0: shown for the record');
  });

  it('finds no word for a built-in property name', () => {
    expect(kindInWords('constructor')).toBe('constructor');
    expect(kindInWords('seller')).toBe('Watched seller');
  });
});
