/**
 * A registry shaped like a real one, for speed benchmarks (issue 13): N applications, each with a
 * mark (a public brand name from ../shared/data/brands when present, else made up), often aliases
 * (product lines), two to four HS prefixes, one to three price floors and authorised sellers;
 * about one mark in seven two or three letters long ("JBL") and one in seven an ordinary English
 * word ("Coach"), the shapes that cost the most to screen. Plus watched sellers, and a pool of
 * product titles that are mostly distinct (real titles with colours, sizes and model numbers), so
 * that the per-description cache does not flatter the rate. Seeded.
 */
import type { RegistryBundleInput } from '../../src/domain/registry.ts';
import { commonWords } from '../../src/screening/words.ts';
import { loadBrandNames } from './brands.ts';
import { Random } from './random.ts';
import type { Title } from './titles.ts';

const HS_POOL = ['64', '6403', '6404', '4202', '420221', '61', '6109', '62', '6201', '9102', '9101', '910211', '8518', '851830', '8517', '3303', '3304', '9004', '9503', '7113', '7117', '8523', '8471', '6505', '4203', '9504', '8516', '3401', '9613', '6217'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tor', 'vex', 'sa', 'qui', 'dor', 'len', 'zar', 'mo', 'ti', 'bel', 'xen', 'ara', 'vo', 'nix', 'pu', 'fen', 'gal', 'ros', 'te', 'ny'];
const LINES = ['Pro', 'Classic', 'Sport', 'Elite', 'One', 'Air', 'Max', 'Ultra', 'Lite', 'Originals', 'Premium', 'Kids'];
const CITIES = ['Shenzhen', 'Guangzhou', 'Yiwu', 'Dongguan', 'Ningbo', 'Putian', 'Istanbul', 'Hanoi', 'Dhaka', 'Karachi'];
const TRADES = ['Trading', 'Technology', 'Apparel', 'Footwear', 'Watch', 'Electronics', 'Leather', 'Fashion', 'Import Export'];
const LEGAL = ['Co., Ltd', 'Limited', 'Company Limited', 'Ltd.', 'LLC', 'Trading Co.'];
const SELLER_SUFFIX = ['Europe B.V.', 'Retail GmbH', 'Distribution SAS', 'Official Store', 'UK Ltd'];
const LETTERS = 'ABCDEFGHJKLMNPRSTVWXZ';

export interface RealisticRegistryOptions {
  applications: number;
  watchedSellers: number;
  seed?: number;
}

export interface RealisticRegistry {
  bundle: RegistryBundleInput;
  /** Marks and aliases in the bundle. */
  names: number;
}

export function realisticRegistry(options: RealisticRegistryOptions): RealisticRegistry {
  const random = new Random(options.seed ?? 13);
  const brands = loadBrandNames().filter((n) => /^[A-Za-z][A-Za-z &'-]{3,24}$/.test(n));
  const ordinary = [...commonWords()].filter((w) => /^[a-z]{4,8}$/.test(w)).sort();
  const taken = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const name = make();
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  };
  const made = () => {
    const n = Array.from({ length: random.int(2, 4) }, () => random.pick(SYLLABLES)).join('');
    return n[0]!.toUpperCase() + n.slice(1);
  };
  let brandAt = 0;
  const markName = (): string => {
    const roll = random.next();
    if (roll < 0.14) return unique(() => Array.from({ length: random.int(2, 3) }, () => random.pick([...LETTERS])).join(''));
    if (roll < 0.28) return unique(() => { const w = random.pick(ordinary); return w[0]!.toUpperCase() + w.slice(1); });
    return unique(() => (brandAt < brands.length ? brands[brandAt++]! : made()));
  };
  const pickSome = <T>(list: readonly T[], min: number, max: number): T[] => [...new Set(Array.from({ length: random.int(min, max) }, () => random.pick(list)))];

  let names = 0;
  const applications = Array.from({ length: options.applications }, (_, i) => {
    const mark = markName();
    const aliases = random.chance(0.4) ? pickSome(LINES, 1, 2).map((l) => `${mark} ${l}`).concat(random.chance(0.3) ? [unique(made)] : []) : [];
    names += 1 + aliases.length;
    const hsCodes = pickSome(HS_POOL, 2, 4);
    return {
      id: `AFA-REAL-${String(i + 1).padStart(6, '0')}`,
      holder: { name: `${mark} Holdings` },
      trademarks: [{ mark, aliases, hsCodes }],
      authorizedSellers: pickSome(SELLER_SUFFIX, 1, 3).map((s) => `${mark} ${s}`),
      priceFloors: pickSome(hsCodes, 1, 3).map((hsCode) => ({ hsCode, value: random.int(10, 300), currency: 'EUR' })),
      validFrom: '2026-01-01',
      validUntil: '2030-01-01',
    };
  });
  const watchedSellers = Array.from({ length: options.watchedSellers }, () => ({
    name: `${random.pick(CITIES)} ${random.pick(SYLLABLES)}${random.pick(SYLLABLES)}${random.pick(SYLLABLES)} ${random.pick(TRADES)} ${random.pick(LEGAL)}`,
    country: 'CN',
    risk: random.pick(['low', 'medium', 'high'] as const),
  }));
  return {
    bundle: {
      applications,
      indicators: {
        watchedSellers,
        keywords: [{ term: 'replica', risk: 'high' }, { term: '1:1', risk: 'high' }, { term: 'AAA+', risk: 'high' }, { term: 'mirror quality', risk: 'high' }, { term: 'inspired by', risk: 'medium' }],
        hazardousHsCodes: ['3004', '8708'],
        originRisk: [{ country: 'CN', risk: 'medium' }, { country: 'HK', risk: 'low' }],
        deMinimis: { value: 150, currency: 'EUR' },
        exchangeRates: { base: 'EUR', rates: { USD: 0.92, GBP: 1.17, CNY: 0.13 } },
      },
    },
    names,
  };
}

const COLOURS = ['black', 'white', 'red', 'navy', 'grey', 'beige', 'green', 'pink', 'brown', 'blue', 'silver', 'gold'];
const SIZES = ['S', 'M', 'L', 'XL', 'size 38', 'size 40', 'size 42', 'size 44', '2 pack', '3 pcs', '500 ml', '1 m'];

/**
 * `count` titles drawn from `titles` with a colour, a size and a model number added: real words,
 * mostly distinct strings (a real flow of new descriptions), as the measurement had.
 */
export function distinctTitles(titles: readonly Title[], count: number, seed = 17): Title[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const t = random.pick(titles);
    return { ...t, text: `${t.text} ${random.pick(COLOURS)} ${random.pick(SIZES)} ${random.pick([...LETTERS])}${random.int(100, 9999)}` };
  });
}
