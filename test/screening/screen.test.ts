/**
 * Screening decisions: each disguise family, each indicator, the goods-aware negatives and the
 * hazardous / de minimis rule, against the small registry in test/support/registry.ts.
 */
import { describe, expect, it } from 'vitest';
import { compileRegistry } from '../../src/screening/compile.ts';
import { RegistryBundleSchema } from '../../src/domain/registry.ts';
import { item, screenOne, testParcel, testScreener, TEST_BUNDLE, TODAY } from '../support/registry.ts';

const screener = testScreener();
const marksOf = (r: ReturnType<typeof screenOne>) => r.reasons.filter((x) => x.kind === 'trademark').map((x) => x.mark);

describe('disguised spellings are found and flagged', () => {
  it.each([
    ['leet', 'N1ke running shoes', 'Nike'],
    ['homoglyph (Cyrillic i)', 'Nіke running shoes', 'Nike'],
    ['spaced letters', 'G U C C I handbag', 'Gucci'],
    ['dotted letters', 'N.I.K.E. trainers', 'Nike'],
    ['split word', 'Lou is Vuitton handbag', 'Louis Vuitton'],
    ['glued words', 'louisvuitton handbag', 'Louis Vuitton'],
    ['doubled letter', 'Gucccci handbag', 'Gucci'],
    ['dropped letter', 'Rolx watch', 'Rolex'],
    ['swapped letters', 'Gucic handbag', 'Gucci'],
    ['l for i', 'Guccl wallet bag', 'Gucci'],
    ['sound-alike', 'Rolecks watch', 'Rolex'],
    ['product line, glued', 'AirJordan sneakers', 'Nike'],
    ['zero-width', 'Gu\u200bcci handbag', 'Gucci'],
  ])('%s: %s', (_family, description) => {
    const hs = /watch/.test(description) ? '910211' : /shoe|trainer|sneaker/.test(description) ? '640411' : '420221';
    const r = screenOne(screener, description, hs, 200);
    const reason = r.reasons.find((x) => x.kind === 'trademark');
    expect(reason, JSON.stringify(r.reasons)).toBeDefined();
    expect(reason!.weight).toBe(72); // a disguise is strong evidence by itself
    expect(r.decision).toBe('hold');
    // The evidence points at the words as written.
    expect(description.slice(reason!.start, reason!.end)).toBe(reason!.matched);
  });

  it('reports the plain mark with its application, the matched words and the closeness', () => {
    const r = screenOne(screener, 'Nike Air Max 90 running shoes', '640411', 120);
    const reason = r.reasons.find((x) => x.kind === 'trademark')!;
    expect(reason).toMatchObject({ mark: 'Nike', applicationId: 'APP-NIKE', field: 'items[0].description', matched: 'Nike', similarity: 1, weight: 45 });
    expect(r.decision).toBe('review');
  });

  it('matches short marks only as whole tokens', () => {
    expect(marksOf(screenOne(screener, 'UGG classic boots', '640411', 200))).toEqual(['UGG']);
    expect(marksOf(screenOne(screener, 'Luggage strap for boots', '640411'))).toEqual([]);
    expect(marksOf(screenOne(screener, 'L.V. monogram bag', '420221', 500))).toEqual(['Louis Vuitton']);
    expect(marksOf(screenOne(screener, 'Silver handbag', '420221'))).toEqual([]);
  });
});

describe('goods awareness and ordinary words', () => {
  it.each([
    ['Coach bus toy', '950300'],
    ['Omega 3 fish oil capsules', '210690'],
    ['Apple cider vinegar', '220900'],
    ['Polo shirt, cotton', '610510'],
    ['Phone case, silicone', '392690'],
    ['Nice running shoes', '640411'],
    ['4-channel remote control', '852691'],
    ['Apple pie scented candle', '340600'],
  ])('"%s" under HS %s is not a trademark hit', (description, hs) => {
    const r = screenOne(screener, description, hs);
    expect(marksOf(r)).toEqual([]);
    expect(r.decision).toBe('release');
  });

  it('counts an ordinary-word mark on the goods it protects', () => {
    expect(marksOf(screenOne(screener, 'Coach leather handbag', '420221', 300))).toEqual(['Coach']);
    expect(marksOf(screenOne(screener, 'Polo Ralph Lauren shirt', '610510', 60))).toEqual(['Polo']);
  });

  it('flags branded shoes declared as plastic articles as misdeclared', () => {
    const r = screenOne(screener, 'Nike running shoes', '392690', 60);
    expect(marksOf(r)).toEqual(['Nike']);
    expect(r.reasons.find((x) => x.kind === 'misdeclaration')).toMatchObject({ field: 'items[0].hsCode' });
    expect(r.decision).not.toBe('release');
  });

  it('ignores applications outside their validity', () => {
    expect(marksOf(screenOne(screener, 'Zenitha chronograph watch', '910211'))).toEqual([]);
    const later = new (screener.constructor as typeof import('../../src/screening/screen.ts').Screener)(
      compileRegistry(RegistryBundleSchema.parse(TEST_BUNDLE), 1, '2028-02-01'),
    );
    expect(marksOf(screenOne(later, 'Nike running shoes', '640411'))).toEqual([]);
  });
});

describe('risk indicators', () => {
  it('slang next to a brand is strong; alone it counts half', () => {
    const branded = screenOne(screener, 'Rolex Submariner replica 1:1', '910211', 3000);
    expect(branded.reasons.filter((x) => x.kind === 'keyword').map((x) => [x.matched, x.weight])).toEqual([['replica', 60], ['1:1', 60]]);
    expect(branded.decision).toBe('hold');
    const alone = screenOne(screener, 'Movie prop replica sword', '950300');
    expect(alone.reasons.find((x) => x.kind === 'keyword')!.weight).toBe(30);
    expect(alone.decision).toBe('release');
    expect(screenOne(screener, 'AAA batteries 4 pack', '850610').reasons.some((x) => x.kind === 'keyword')).toBe(false);
  });

  it('counts slang in full on goods that registered marks protect, even with no brand named', () => {
    const r = screenOne(screener, '1:1 replica watch, top grade', '910211', 25);
    expect(r.reasons.filter((x) => x.kind === 'keyword').map((x) => x.weight)).toEqual([60, 60]);
    expect(r.decision).not.toBe('release');
  });

  it('reads goods words in the languages of EU manifests', () => {
    const r = screenOne(screener, 'Nike Herren Schuhe', '392690', 60);
    expect(marksOf(r)).toEqual(['Nike']);
    expect(r.reasons.find((x) => x.kind === 'misdeclaration')!.matched).toBe('schuhe');
  });

  it('takes a mark written without its leading article', () => {
    const bundle = { applications: [{ id: 'TNF', holder: { name: 'VF' }, trademarks: [{ mark: 'The North Face', hsCodes: ['62'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' }] };
    expect(marksOf(screenOne(testScreener(bundle), 'North Face puffer jacket', '620193', 300))).toEqual(['The North Face']);
  });

  it('matches watched sellers with legal forms and case folded', () => {
    for (const name of ['PUTIAN BEST SHOES FACTORY COMPANY LIMITED', 'Putian Best Shoes Factory', 'Putian Best Shoes Factory Co Ltd']) {
      const r = screenOne(screener, 'Running shoes', '640411', 20, { seller: { name, country: 'CN' } });
      expect(r.reasons.find((x) => x.kind === 'seller'), name).toMatchObject({ weight: 60, field: 'seller.name' });
    }
    expect(screenOne(screener, 'Running shoes', '640411', 20, { seller: { name: 'Putian Good Food Co', country: 'CN' } }).reasons.some((x) => x.kind === 'seller')).toBe(false);
  });

  it('flags a unit value far below the price floor, in the floor currency', () => {
    const cheap = screenOne(screener, 'Rolex Datejust watch', '910211', 120);
    expect(cheap.reasons.find((x) => x.kind === 'price')).toMatchObject({ mark: 'Rolex', field: 'items[0].value' });
    const parcel = testParcel([item('Rolex Datejust watch', '910211', 5000, { currency: 'USD' })]);
    expect(screener.screen({ itemId: 'x', parcel }).reasons.some((x) => x.kind === 'price')).toBe(false);
  });

  it('releases the authorised seller selling the genuine article at a normal price', () => {
    const genuine = screenOne(screener, 'Nike Air Max 90 running shoes', '640411', 120, { seller: { name: 'Nike Retail BV', country: 'NL' } });
    expect(genuine.decision).toBe('release');
    expect(genuine.reasons.find((x) => x.kind === 'authorization')).toMatchObject({ weight: 0 });
    const other = screenOne(screener, 'Nike Air Max 90 running shoes', '640411', 120);
    expect(other.reasons.find((x) => x.kind === 'authorization')).toMatchObject({ weight: 15, mark: 'Nike' });
  });

  it('holds hazardous goods with a trademark hit whatever the value; de minimis relieves only ordinary goods', () => {
    const pads = screenOne(screener, 'Brembo brake pads front', '870830', 12);
    expect(pads.reasons.map((x) => x.kind)).toEqual(expect.arrayContaining(['hazard', 'trademark']));
    expect(pads.decision).toBe('hold');
    // Weak indicators on a low-value ordinary parcel do not stop it...
    const vagueCheap = screenOne(screener, 'gift', '630790', 10, { category: 'gift' });
    expect(vagueCheap.decision).toBe('release');
    // ...but a hazardous one gets no such relief.
    const medicine = screenOne(screener, 'gift', '300490', 10);
    expect(medicine.reasons.map((x) => x.kind)).toEqual(expect.arrayContaining(['hazard', 'misdeclaration']));
    expect(medicine.riskScore).toBeGreaterThan(vagueCheap.riskScore);
  });

  it('flags gift and sample declarations on commercial-looking goods, and origin risk', () => {
    const gift = screenOne(screener, 'Gucci handbag', '420221', 30, { category: 'gift' });
    expect(gift.reasons.find((x) => x.kind === 'category')).toMatchObject({ matched: 'gift' });
    const parcel = testParcel([item('Wooden toy train', '950300', 15, { originCountry: 'KP' })]);
    expect(screener.screen({ itemId: 'x', parcel }).reasons.find((x) => x.kind === 'origin')).toMatchObject({ matched: 'KP', field: 'items[0].originCountry' });
  });

  it('takes thresholds and weights from the registry, not from code', () => {
    const strict = testScreener({ ...TEST_BUNDLE, indicators: { ...TEST_BUNDLE.indicators, scoring: { holdAt: 40, reviewAt: 20 } } }, TODAY);
    expect(screenOne(strict, 'Nike Air Max 90 running shoes', '640411', 120).decision).toBe('hold');
    const lenient = testScreener({ ...TEST_BUNDLE, indicators: { ...TEST_BUNDLE.indicators, scoring: { weights: { trademark: 10 } } } }, TODAY);
    expect(screenOne(lenient, 'Nike Air Max 90 running shoes', '640411', 120).decision).toBe('release');
  });
});

describe('registry compilation', () => {
  it('warns about marks that are, or fold near, ordinary words', () => {
    const registry = compileRegistry(
      RegistryBundleSchema.parse({
        applications: [{ id: 'A', holder: { name: 'H' }, trademarks: [{ mark: 'Swatch', aliases: ['iPhone', 'Caar'], hsCodes: ['91'] }], validFrom: '2026-01-01', validUntil: '2027-01-01' }],
      }),
      1,
      TODAY,
    );
    expect(registry.warnings.join('\n')).toMatch(/"Swatch" is an ordinary word/);
    expect(registry.warnings.join('\n')).toMatch(/"iPhone" is one edit from the word "phone"/);
    expect(registry.warnings.join('\n')).toMatch(/"Caar" folds to the same skeleton as the word "car"/);
  });
});
