/**
 * What a generated parcel looks like around its description: an English marketplace title with the
 * (disguised) mark in it, a seller, a declared value and origin. Positives and negatives draw
 * sellers, prices and origins from the same distributions, so only the description tells them apart.
 */
import { GOODS, type GoodsKind, type Product } from './goods.ts';
import type { Mark } from './model.ts';
import type { Random } from './rng.ts';

const COLOURS = ['black', 'white', 'navy', 'red', 'grey', 'beige', 'pink', 'green', 'blue', 'brown'];
const GENDERS = ["Men's", "Women's", 'Unisex', "Kids'"];
const PEOPLE = ['men', 'women', 'kids', 'him', 'her'];

/** Templates: `{m}` mark, `{p}` product, `{a}` attribute, `{c}` colour, `{g}` gender, `{w}` people. */
const TEMPLATES = [
  '{m} {p}',
  '{m} {p} {a}',
  '{g} {m} {p}, {c}',
  '{c} {m} {p} {a}',
  'New {m} {p} {a}',
  '{p} {m} {c} {a}',
  '{m} {p} for {w}',
  '2024 {m} {p} {c}',
  '{g} {p} by {m}, {a}',
  '{m} {c} {p} - {a}',
];

export function englishTitle(rng: Random, mark: string, product: Product, kind: GoodsKind): string {
  return rng
    .pick(TEMPLATES)
    .replace('{m}', mark)
    .replace('{p}', rng.pick(product.en))
    .replace('{a}', rng.pick(GOODS[kind].attributes))
    .replace('{c}', rng.pick(COLOURS))
    .replace('{g}', rng.pick(GENDERS))
    .replace('{w}', rng.pick(PEOPLE));
}

export function pickProduct(rng: Random, mark: Mark): { kind: GoodsKind; product: Product } {
  const kind = rng.pick(mark.goods);
  return { kind, product: rng.pick(GOODS[kind].products) };
}

export function priceFor(rng: Random, kind: GoodsKind): number {
  const [low, high] = GOODS[kind].price;
  return Math.round((low + rng.next() * (high - low)) * 100) / 100;
}

const CITIES = ['Shenzhen', 'Guangzhou', 'Yiwu', 'Dongguan', 'Hangzhou', 'Ningbo', 'Xiamen', 'Istanbul', 'Dubai', 'Bangkok', 'Ho Chi Minh City', 'Hong Kong'];
const WORDS = ['Bright', 'Sunrise', 'Golden', 'Happy', 'Star', 'Ocean', 'Lucky', 'Silver', 'Dragon', 'Blue Sky', 'Harmony', 'Evergreen', 'Rainbow', 'Pioneer'];
const TRADES = ['Trading', 'Import & Export', 'E-commerce', 'Technology', 'Garment', 'Supply Chain', 'Commerce'];
const FORMS = ['Co., Ltd', 'Limited', 'Co. Ltd.', 'Ltd', 'LLC', 'Trading Co.'];
const COUNTRY_OF: Record<string, string> = { 'Istanbul': 'TR', 'Dubai': 'AE', 'Bangkok': 'TH', 'Ho Chi Minh City': 'VN', 'Hong Kong': 'HK' };

/** An ordinary marketplace seller, neither watched nor authorised. */
export function randomSeller(rng: Random): { name: string; country: string } {
  const city = rng.pick(CITIES);
  return { name: `${city} ${rng.pick(WORDS)} ${rng.pick(TRADES)} ${rng.pick(FORMS)}`, country: COUNTRY_OF[city] ?? 'CN' };
}

const CONSIGNEES = ['Anna Peeters', 'Jan Janssens', 'Marie Dubois', 'Lukas Maes', 'Sofia Rossi', 'Emma Wouters', 'Noah Claes', 'Lea Martin', 'Tom De Smet', 'Julie Lambert'];
const STREETS = ['Kerkstraat 1, Gent', 'Rue de la Loi 16, Bruxelles', 'Meir 50, Antwerpen', 'Place Saint-Lambert 3, Liège', 'Naamsestraat 22, Leuven'];

export function randomConsignee(rng: Random): { name: string; address: string; country: string } {
  return { name: rng.pick(CONSIGNEES), address: rng.pick(STREETS), country: 'BE' };
}
