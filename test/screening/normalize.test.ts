import { describe, expect, it } from 'vitest';
import { keyOf, tokenize } from '../../src/screening/normalize.ts';

describe('skeleton normalisation', () => {
  const nike = keyOf('Nike');
  it.each([
    ['case', 'NIKE'],
    ['leet digits', 'N1KE'],
    ['leet symbols', 'N!ke'],
    ['Cyrillic look-alike', 'Nіke'],
    ['Greek capitals', 'ΝΙΚΕ'],
    ['full-width letters', 'Ｎｉｋｅ'],
    ['accents', 'Nïké'],
    ['zero-width space', 'Ni\u200bke'],
    ['spaced letters', 'N I K E'],
    ['dotted letters', 'N.I.K.E.'],
    ['doubled letters', 'Nikkee'],
  ])('folds %s (%s) onto the mark', (_family, text) => {
    expect(keyOf(text)).toBe(nike);
  });

  it('folds shapes that read alike: rn/m, vv/w, cl/d, l/i', () => {
    expect(keyOf('Arrnani')).toBe(keyOf('Armani'));
    expect(keyOf('Svvatch')).toBe(keyOf('Swatch'));
    expect(keyOf('Jorclan')).toBe(keyOf('Jordan'));
    expect(keyOf('Guccl')).toBe(keyOf('Gucci'));
  });

  it('leaves numbers alone unless they sit inside a word', () => {
    expect(tokenize('Omega 3 fish oil').map((t) => t.skel)).toEqual(['omega', '3', 'fish', 'oi']);
    expect(tokenize('Gucci2024').map((t) => t.plain)).toEqual(['gucci', '2024']);
  });

  it('keeps offsets into the original text', () => {
    const text = 'Cheap  N.I.K.E shoes';
    const [, nikeToken] = tokenize(text);
    expect(text.slice(nikeToken!.start, nikeToken!.end)).toBe('N.I.K.E');
    const cyr = 'Sale Nіke';
    const t = tokenize(cyr)[1]!;
    expect(cyr.slice(t.start, t.end)).toBe('Nіke');
  });

  it('keeps the plain spelling so a disguise can be told from the real name', () => {
    expect(tokenize('N1ke')[0]!.plain).toBe('n1ke');
    expect(tokenize('Nіke')[0]!.plain).not.toBe('nike');
    expect(tokenize('Hermès')[0]!.plain).toBe('hermes');
  });
});
