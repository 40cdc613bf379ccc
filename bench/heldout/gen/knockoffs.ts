/**
 * Knock-off brand spellings in the style the market uses: a generator (two letters changed for
 * letters of a similar shape, a pair of letters swapped, one syllable changed, a prefix or suffix
 * glued on) and a hand-written list of knock-off names seen on real markets, each with its mark.
 */
import type { Random } from '../rng.ts';
import { recase } from '../text.ts';

/** Letters that a knock-off swaps for one of a similar shape (b/d/p/q mirror, n/m/h/u arches, …). */
const SHAPE_NEIGHBOURS: Record<string, string> = {
  a: 'oe', b: 'dph', c: 'eo', d: 'bpq', e: 'ca', f: 't', g: 'qy', h: 'nb', i: 'lj', j: 'i', k: 'x', l: 'i',
  m: 'nw', n: 'mhu', o: 'ca', p: 'bdq', q: 'gp', r: 'n', s: 'z', t: 'f', u: 'vn', v: 'uw', w: 'vm', x: 'k', y: 'gv', z: 's',
};
const VOWELS = 'aeiou';
const CONSONANTS = 'bcdfgklmnprstvz';
const PREFIXES = ['Hi', 'i', 'Neo', 'Top', 'Super', 'Mr'];
const SUFFIXES = ['x', 's', 'o', 'y', 'e', 'ie', 'a', 'z'];

export const KNOCKOFF_STYLES = ['shape-pair', 'swap', 'syllable', 'affix'] as const;
export type KnockoffStyle = (typeof KNOCKOFF_STYLES)[number];

const letters = (chars: string[]) => chars.flatMap((c, i) => (/^[a-z]$/.test(c) ? [i] : []));

function shapePair(rng: Random, chars: string[]): boolean {
  const positions = letters(chars).filter((i) => SHAPE_NEIGHBOURS[chars[i]!]);
  if (positions.length < 2) return false;
  const first = rng.pick(positions);
  const second = rng.pick(positions.filter((i) => i !== first));
  for (const i of [first, second]) chars[i] = rng.pick([...SHAPE_NEIGHBOURS[chars[i]!]!]);
  return true;
}

function swap(rng: Random, chars: string[]): boolean {
  const pairs = letters(chars).flatMap((i) => [i + 1, i + 2].filter((j) => /^[a-z]$/.test(chars[j] ?? '') && chars[j] !== chars[i]).map((j) => [i, j] as const));
  if (!pairs.length) return false;
  const [i, j] = rng.pick(pairs);
  [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  return true;
}

function syllable(rng: Random, chars: string[]): boolean {
  const text = chars.join('');
  const syllables = [...text.matchAll(/[^aeiouy\s]*[aeiouy]+/g)];
  if (syllables.length < 2) return false;
  const m = rng.pick(syllables.slice(1));
  const onset = m[0].replace(/[aeiouy]+$/, '');
  const nucleus = m[0].slice(onset.length);
  const newOnset = onset ? rng.pick([...CONSONANTS].filter((c) => c !== onset.at(-1))) : onset;
  const newNucleus = rng.pick([...VOWELS].filter((v) => v !== nucleus[0]));
  const replaced = text.slice(0, m.index) + newOnset + newNucleus + text.slice(m.index! + m[0].length);
  chars.splice(0, chars.length, ...replaced);
  return true;
}

function affix(rng: Random, chars: string[]): boolean {
  if (rng.chance(0.35)) {
    chars.unshift(...rng.pick(PREFIXES).toLowerCase());
    return true;
  }
  // A suffix, or the last letter doubled (Rolexx).
  const last = chars.at(-1)!;
  chars.push(...(rng.chance(0.3) && /[a-z]/.test(last) ? last : rng.pick(SUFFIXES)));
  return true;
}

const STYLE_FNS: Record<KnockoffStyle, (rng: Random, chars: string[]) => boolean> = { 'shape-pair': shapePair, swap, syllable, affix };

export interface KnockoffVariant {
  text: string;
  style: KnockoffStyle;
}

export function knockoffVariant(rng: Random, mark: string, style: KnockoffStyle = rng.pick(KNOCKOFF_STYLES)): KnockoffVariant | undefined {
  const lower = mark.toLowerCase();
  const chars = [...lower];
  if (!STYLE_FNS[style](rng, chars)) return undefined;
  let text = chars.join('');
  if (text === lower) return undefined;
  text = recase(mark, text);
  // A glued prefix keeps the mark's capital inside (HiPhone, TopGucci).
  if (style === 'affix' && text.toLowerCase().endsWith(lower) && text.length > mark.length) text = text.slice(0, text.length - mark.length).replace(/^./, (c) => c.toUpperCase()) + mark;
  return { text, style };
}

/** Knock-off names seen on markets (from public reporting and marketplace listings), by the mark they imitate. */
export const MARKET_KNOCKOFFS: Record<string, string[]> = {
  Adidas: ['Abibas', 'Adibas', 'Adidos', 'Adadis', 'Addidas', 'Dadiads', 'Adidaas', 'Adidis'],
  Nike: ['Nkie', 'Nikee', 'Niike', 'Nlke', 'Nicke'],
  Gucci: ['Cugci', 'Gucchi', 'Guchi', 'Gacci', 'Cucci', 'Gucii'],
  'Louis Vuitton': ['Louis Vuiton', 'Louis Vitton', 'Luis Vuitton', 'Loius Vuitton', 'Louis Vuittoon'],
  Rolex: ['Rolexx', 'Rolax', 'Rollex', 'Relox', 'Rolez'],
  Chanel: ['Chanell', 'Chanal', 'Shanel', 'Chanle'],
  'Calvin Klein': ['Caiwen Kani', 'Calvin Klain', 'Kelvin Klein', 'Calven Klien'],
  Puma: ['Pumo', 'Pama', 'Puna', 'Pnma'],
  Prada: ['Parda', 'Prade', 'Pradda'],
  'Ray-Ban': ['Ray-Bon', 'Rai-Ban', 'Ray Bam'],
  Apple: ['Aple', 'Appel', 'Appie'],
  iPhone: ['HiPhone', 'iPhome', 'Iphon'],
  Samsung: ['Samsong', 'Sansung', 'Samsunq', 'Samsang'],
  Sony: ['Sonny', 'Somy', 'Soney', 'Sany'],
  Casio: ['Casiio', 'Kasio', 'Caslo'],
  Dior: ['Dlor', 'Diorr', 'Dioor'],
  Burberry: ['Burbery', 'Burbbery', 'Barberry'],
  Versace: ['Versache', 'Versaci', 'Vercase'],
  Hermès: ['Hermas', 'Hermis', 'Hermess'],
  Supreme: ['Supereme', 'Suprem', 'Supreeme'],
  'The North Face': ['The Nouth Face', 'The North Faces', 'The Nortn Face'],
  Converse: ['Converze', 'Convers', 'Convesre'],
  'New Balance': ['New Barlun', 'New Bolance', 'Nwe Balance'],
  Beats: ['Baets', 'Beatz'],
  Oakley: ['Oakly', 'Okley', 'Oakeley'],
  Timberland: ['Timberlend', 'Timbarland', 'Timberlan'],
  Lacoste: ['Lacost', 'Lakoste', 'Lacosta'],
  'Michael Kors': ['Micheal Kors', 'Michael Kros', 'Michael Koss'],
  Moncler: ['Monclair', 'Monkler', 'Moncier'],
  'Canada Goose': ['Canada Goos', 'Canda Goose', 'Canada Gooze'],
  Hublot: ['Hublott', 'Hubiot'],
  Omega: ['Omaga', 'Omege', 'Omeqa'],
  Swarovski: ['Swarovsky', 'Swarowski', 'Swarofski'],
  Pandora: ['Pandorra', 'Pandara', 'Pandona'],
  Balenciaga: ['Balenciaja', 'Balenciage', 'Balanciaga'],
  Fendi: ['Fendy', 'Fendii', 'Fedni'],
  Givenchy: ['Givency', 'Givenchi', 'Givenshy'],
  PlayStation: ['PolyStation', 'PlayStatoin', 'PlaySation'],
  Nintendo: ['Nintedo', 'Nitendo', 'Nintando'],
  Huawei: ['Huawey', 'Hauwei', 'Huawai'],
  Xiaomi: ['Xiaomy', 'Xiomi', 'Xaomi'],
  Armani: ['Armany', 'Armanii', 'Ermani'],
  'Tommy Hilfiger': ['Tommy Hilfigger', 'Tomy Hilfiger', 'Tommy Hilfinger'],
  'Ralph Lauren': ['Ralph Loren', 'Ralf Lauren', 'Ralph Lauran'],
  'Under Armour': ['Under Armor', 'Undre Armour', 'Under Armuor'],
  Skechers: ['Sketchers', 'Skechres', 'Skecher'],
  'Dolce & Gabbana': ['Dolce Gabana', 'Dolce & Gabanna', 'Dolche & Gabbana'],
  'Saint Laurent': ['Saint Lauren', 'Saint Laurant', 'Sant Laurent'],
  Cartier: ['Cartieer', 'Cartiere', 'Catrier'],
  'TAG Heuer': ['Tag Hauer', 'Tag Heur', 'Tag Heuar'],
  'Patek Philippe': ['Patek Philip', 'Patek Phillipe', 'Patec Philippe'],
  Breitling: ['Brietling', 'Breitlin', 'Bretling'],
  'Audemars Piguet': ['Audemar Piguet', 'Audemars Piquet', 'Audemars Pigeut'],
  Montblanc: ['Montblank', 'Mont Blanck', 'Montbianc'],
  Fila: ['Fiia', 'Filla', 'Flla'],
  Reebok: ['Reebock', 'Reebox', 'Rebok'],
  Asics: ['Asisc', 'Asiks', 'Assics'],
  Vans: ['Vanz', 'Vnas'],
  'Dr. Martens': ['Dr. Martins', 'Doc Martin', 'Dr. Marteens'],
  Crocs: ['Crogs', 'Krocs', 'Crocks'],
  'Off-White': ['Off-Whyte', 'Of-White', 'Off-Wihte'],
  'Stone Island': ['Stone Islan', 'Stone Iland', 'Stome Island'],
  Goyard: ['Goyand', 'Hoyard', 'Goyart'],
  'Hello Kitty': ['Hello Kity', 'Hallo Kitty', 'Helo Kitty'],
  Pokémon: ['Pokemen', 'Pokeman', 'Pokemom'],
  Barbie: ['Barbi', 'Barby', 'Barbee'],
  Maybelline: ['Maybeline', 'Maybelin', 'Maybellin'],
  'Estée Lauder': ['Estee Lauda', 'Estee Louder', 'Estee Lauber'],
  Lancôme: ['Lancombe', 'Lancone', 'Lankome'],
  Guess: ['Guees', 'Gvess', 'Guesss'],
  Coach: ['Coaco', 'Coahc', 'Cooch'],
  Swatch: ['Swacth', 'Swach', 'Swatc'],
  Fossil: ['Fosil', 'Fossll', 'Fossli'],
  Diesel: ['Deisel', 'Diesell', 'Diezel'],
  Jordan: ['Jordon', 'Jordann', 'Jodran'],
  Champion: ['Champian', 'Chanpion', 'Champio'],
  Patagonia: ['Patagoina', 'Patagonya', 'Pathagonia'],
  Canon: ['Cannon', 'Canom', 'Kanon'],
  Shell: ['Shel', 'Sheii'],
  Dove: ['Dowe', 'Dovee'],
  Mango: ['Manqo', 'Mangoo'],
};
