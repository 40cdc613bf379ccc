/**
 * Detection that generalises (issue 12): the issue's own examples are the spec. Look-alikes
 * outside the UTS #39 table, marks in other scripts, two-edit and sound-alike knock-offs, short
 * marks that need their goods, everyday phrases that are not marks, and authorised sellers.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationFormSchema } from '../../src/domain/registry-forms.ts';
import { disguiseCost, soundKey } from '../../src/screening/edits.ts';
import { analyseText, keyOf } from '../../src/screening/normalize.ts';
import { RegistryBundleSchema, type RegistryBundleInput } from '../../src/domain/registry.ts';
import { screenOne, testScreener } from '../support/registry.ts';

const app = (id: string, mark: string, hsCodes: string[], extra: Record<string, unknown> = {}, tm: Record<string, unknown> = {}) => ({
  id,
  holder: { name: `${mark} holder` },
  trademarks: [{ mark, hsCodes, ...tm }],
  validFrom: '2026-01-01',
  validUntil: '2028-01-01',
  ...extra,
});

const BUNDLE: RegistryBundleInput = {
  applications: [
    app('NIKE', 'Nike', ['64', '61', '62'], { authorizedSellers: ['Nike Official Store Europe'], priceFloors: [{ hsCode: '64', value: 45, currency: 'EUR' }] }, { aliases: ['Air Jordan'] }),
    app('ADIDAS', 'Adidas', ['64', '61', '62'], {}, { aliases: ['阿迪达斯', 'Адидас'] }),
    app('TAG', 'TAG Heuer', ['9101', '9102']),
    app('DIOR', 'Dior', ['4202', '3303']),
    app('SAMSUNG', 'Samsung', ['8517']),
    app('WILSON', 'Wilson', ['9506']),
    app('PHILIPS', 'Philips', ['8516', '8509']),
    app('APPLE', 'Apple', ['8517', '8471'], {}, { aliases: ['iPad', 'iPhone'] }),
    app('MATTEL', 'Hot Wheels', ['9503']),
    app('PLAYMOBIL', 'Playmobil', ['9503']),
    app('GOYARD', 'Goyard', ['4202']),
    app('ASICS', 'Asics', ['64']),
    app('BEATS', 'Beats', ['8518']),
    app('GUCCI', 'Gucci', ['4202', '64']),
    app('PUMA', 'Puma', ['64']),
    app('SONY', 'Sony', ['8525', '9006', '8518']),
    app('HUAWEI', '华为', ['8517'], {}, { aliases: ['Huawei'] }),
    app('XIAOMI', '小米', ['8517']),
    app('CTF', '周大福', ['7113']),
    app('DAISO', 'ダイソー', ['9503', '3924']),
    app('ALMAZ', 'Алмаз', ['9101', '9102']),
    app('OFFWHITE', 'Off-White', ['61', '62', '64']),
    app('CROCS', 'Crocs', ['64']),
    app('SWATCH', 'Swatch', ['9101', '9102']),
    app('LV', 'Louis Vuitton', ['4202', '64'], {}, { aliases: ['LV'] }),
    app('FOSSIL', 'Fossil', ['9102', '4202']),
    app('PANDORA', 'Pandora', ['7113', '7117'], {}, { notThisMark: ['pandora radio'] }),
  ],
};
const screener = testScreener(BUNDLE);
const marksOf = (r: ReturnType<typeof screenOne>) => r.reasons.filter((x) => x.kind === 'trademark').map((x) => x.mark);

describe('look-alike letters beyond the UTS #39 table, then transliteration', () => {
  it.each([
    ['TAG ꚔEUEɌ Carrera watch', '910211', 'TAG Heuer'],
    ['Dioɾ handbag', '420221', 'Dior'],
    ['Ȿamsung phone', '851712', 'Samsung'],
    ['ꙇƤad tablet', '847130', 'Apple'],
    ['һот ԝһееӏѕ car set', '950300', 'Hot Wheels'],
    ['рӏаумоьіӏ figures', '950300', 'Playmobil'],
    ['@ᶁꙇd4s running shoes', '640411', 'Adidas'],
    ['ᴀᴅɪᴅᴀꜱ sneakers', '640411', 'Adidas'],
    ['𝐍𝐢𝐤𝐞 running shoes', '640411', 'Nike'],
  ])('%s → %s', (description, hs, mark) => {
    const r = screenOne(screener, description, hs, 30);
    const reason = r.reasons.find((x) => x.kind === 'trademark');
    expect(reason?.mark, JSON.stringify(r.reasons)).toBe(mark);
    expect(reason!.weight).toBe(72);
    expect(r.decision).toBe('hold');
    // The evidence points at the characters as written, whatever script they are in.
    expect(description.slice(reason!.start, reason!.end)).toBe(reason!.matched);
  });

  it('folds by look first: Cyrillic р reads p and Н reads H, not r and N', () => {
    expect(keyOf('рuma')).toBe(keyOf('puma'));
    expect(keyOf('НЕUЕR')).toBe(keyOf('heuer'));
    // Signs after a name do not glue letters to it.
    expect(analyseText('Nike™ shoes').tokens.map((t) => t.plain)).toEqual(['nike', 'shoes']);
  });

  it('gives words in other scripts their transliteration, and keeps unspaced scripts as runs with offsets', () => {
    const a = analyseText('Кроссовки Адидас 阿迪达斯运动鞋');
    expect(a.tokens.map((t) => t.translit)).toEqual(['krossovki', 'adidas']);
    expect(a.runs).toHaveLength(1);
    expect(a.runs[0]!.text).toBe('阿迪达斯运动鞋');
    expect(a.runs[0]!.from[0]).toBe(17);
  });
});

describe('marks in any script', () => {
  it.each([
    ['华为手机 Mate 60 正品', '851712', 'HUAWEI', '华为'],
    ['新款小米手机', '851712', 'XIAOMI', '小米'],
    ['周大福黄金项链', '711319', 'CTF', '周大福'],
    ['ダイソー おもちゃ セット', '950300', 'DAISO', 'ダイソー'],
    ['ﾀﾞｲｿｰ おもちゃ', '950300', 'DAISO', 'ﾀﾞｲｿｰ'],
    ['Часы Алмаз механические', '910211', 'ALMAZ', 'Алмаз'],
    ['Часы от Алмаза', '910211', 'ALMAZ', 'Алмаза'],
    ['阿迪达斯运动鞋 男款', '640411', 'ADIDAS', '阿迪达斯'],
    ['Кроссовки Адидас мужские', '640411', 'ADIDAS', 'Адидас'],
  ])('%s', (description, hs, applicationId, matched) => {
    const r = screenOne(screener, description, hs, 30);
    const reason = r.reasons.find((x) => x.kind === 'trademark' && x.applicationId === applicationId);
    expect(reason, JSON.stringify(r.reasons)).toBeDefined();
    expect(reason!.matched).toBe(matched);
    expect(description.slice(reason!.start, reason!.end)).toBe(matched);
    expect(r.decision).not.toBe('release');
  });

  it('finds a Latin mark written in Cyrillic by its transliteration', () => {
    const r = screenOne(testScreener({ applications: [app('ROLEX', 'Adidas', ['64'])] }), 'Кроссовки Адидас', '640411', 30);
    expect(r.reasons.find((x) => x.kind === 'trademark')).toMatchObject({ mark: 'Adidas', matched: 'Адидас' });
  });

  it('counts a CJK mark only on its goods, like any mark', () => {
    expect(marksOf(screenOne(screener, '小米粥 500克', '190410', 5))).toEqual([]);
  });
});

describe('two edits, keyboard and shape neighbours, sound-alikes and knock-off spellings', () => {
  it.each([
    ['Hoyard tote bag', '420222', 'Goyard'],
    ['Qsics gel running shoes', '640411', 'Asics'],
    ['Bcãts wireless earbuds', '851830', 'Beats'],
    ['abibas sneakers', '640411', 'Adidas'],
    ['Cugci handbag', '420221', 'Gucci'],
    ['HiPhone 15 Pro Max', '851712', 'Apple'],
    ['Nyke running shoes', '640411', 'Nike'],
    ['Nikey running shoes', '640411', 'Nike'],
    ['Sonny digital camera', '852580', 'Sony'],
  ])('%s → %s', (description, hs, mark) => {
    const r = screenOne(screener, description, hs, 30);
    expect(marksOf(r), JSON.stringify(r.reasons)).toContain(mark);
    expect(r.decision).toBe('hold');
  });

  it('weighs slips by how they keep the brand recognisable', () => {
    expect(disguiseCost('nkie', 'nike', 2)).toBeCloseTo(0.6); // swap
    expect(disguiseCost('hoyard', 'goyard', 2)).toBeCloseTo(0.9); // keyboard neighbour, first letter
    expect(disguiseCost('abibas', 'adidas', 2)).toBeCloseTo(1.0); // two shape neighbours
    expect(disguiseCost('betts', 'beats', 0.9)).toBe(Infinity); // another letter: another name
    expect(soundKey('nikey')).toBe(soundKey('nike'));
    expect(soundKey('ipod')).not.toBe(soundKey('ipad'));
  });

  it('does not read ordinary words or far spellings as marks', () => {
    for (const [description, hs] of [
      ['Nice running shoes', '640411'],
      ['Betts wireless earbuds', '851830'],
      ['Nico running shoes', '640411'],
      ['iPod docking speaker', '851822'],
      ['Carl F Bucherer ChronoDate Watch', '910211'],
      ['Citizen Men\'s Eco-Drive Watch', '910211'],
    ] as const) {
      expect(marksOf(screenOne(screener, description, hs, 30)), description).toEqual([]);
    }
  });

  it('takes a one-edit slip of a short mark only where its goods back it', () => {
    // "Poma"-like slips of four-letter marks: a keyboard slip ("Pima") on football boots, declared as footwear.
    expect(marksOf(screenOne(screener, 'Pima football boots', '640319', 30))).toEqual(['Puma']);
    // The same word with no goods named and no other signal is not the mark.
    expect(marksOf(screenOne(screener, 'Pima cotton blend', '640319', 30))).toEqual([]);
    expect(marksOf(screenOne(screener, 'Pima football boots', '392690', 30))).toEqual([]);
  });
});

describe('precision from context', () => {
  it.each([
    ['Off white cotton t-shirt', '610910'],
    ['Croc embossed ankle boots', '640391'],
    ["Men's Watch, stainless steel", '910211'],
    ['Pandora box wooden jewellery storage case', '711719'],
    ['Pandora radio charm bracelet', '711719'],
    ['Folli Follie bracelet watch', '910211'],
    ['ASICS Tiger Gel-Lyte OG - White', '640411'],
  ])('"%s" is not taken for a mark it resembles', (description, hs) => {
    const r = screenOne(screener, description, hs, 30);
    const marks = marksOf(r).filter((m) => m !== 'Asics');
    expect(marks, JSON.stringify(r.reasons)).toEqual([]);
  });

  it('still finds the brand written as a brand', () => {
    expect(marksOf(screenOne(screener, 'Crocs classic clog', '640299', 30))).toEqual(['Crocs']);
    expect(marksOf(screenOne(screener, 'Swatch Originals watch', '910211', 30))).toEqual(['Swatch']);
    expect(marksOf(screenOne(screener, 'Pandora charm bracelet', '711719', 30))).toEqual(['Pandora']);
  });

  it('releases an authorised seller\'s genuine listing, and keeps the authorisation as the reason', () => {
    const r = screenOne(screener, "Men's Nike Air Penny IV Shoe", '640411', 120, { seller: { name: 'Nike Official Store Europe', country: 'NL' } });
    expect(r.decision).toBe('release');
    expect(r.reasons.find((x) => x.kind === 'authorization')).toMatchObject({ mark: 'Nike', weight: 0 });
    // "IV" is a Roman numeral, not the LV alias of Louis Vuitton.
    expect(marksOf(r)).toEqual([]);
    // The same listing by anyone else is the mark as before.
    expect(marksOf(screenOne(screener, "Men's Nike Air Penny IV Shoe", '640411', 120))).toEqual(['Nike']);
  });
});

describe('the bundle and the application form', () => {
  it('takes per-trademark "not this mark" phrases from the form, and old bundles without the new fields', () => {
    const form = ApplicationFormSchema.parse({
      holder: { name: 'Pandora A/S', contact: 'ip@pandora.example' },
      trademarks: [{ mark: 'Pandora', hsCodes: ['7113'], notThisMark: ['pandora radio', 'pandora papers'] }],
      evidence: ['EUTM 1'],
    });
    expect(form.trademarks[0]!.notThisMark).toEqual(['pandora radio', 'pandora papers']);
    const old = RegistryBundleSchema.parse({ applications: [{ id: 'A', holder: { name: 'H' }, trademarks: [{ mark: 'Nike', hsCodes: ['64'] }], validFrom: '2026-01-01', validUntil: '2027-01-01' }] });
    expect(old.applications[0]!.trademarks[0]!.notThisMark).toEqual([]);
    expect(old.applications[0]!.learntAliases).toEqual([]);
  });

  it('screens a learnt alias as a known knock-off spelling, with its provenance in the note', () => {
    const learnt = testScreener({
      applications: [app('NIKE', 'Nike', ['64'], { learntAliases: [{ mark: 'Nike', alias: 'Nkiee', itemId: 'RR000000000CN', officer: 'customs:k1', learntAt: '2026-05-01T00:00:00Z' }] })],
    });
    const r = screenOne(learnt, 'Nkiee Air 2024', '640411', 200);
    expect(r.reasons.find((x) => x.kind === 'trademark')).toMatchObject({ mark: 'Nike', matched: 'Nkiee', weight: 72, note: expect.stringContaining('learnt from parcel RR000000000CN') });
    expect(r.decision).toBe('hold');
  });
});

