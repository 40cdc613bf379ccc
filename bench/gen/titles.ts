/**
 * Real product titles from ../shared/data/titles (public e-commerce benchmarks), each with the
 * kind of goods its source holds. Read at benchmark time only; when the folder is absent a small
 * built-in list stands in and the caller is told.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export type Goods = 'watches' | 'shoes' | 'electronics' | 'software' | 'toys' | 'general';

export interface Title {
  text: string;
  goods: Goods;
  source: string;
}

export const SHARED_DATA = process.env.PARCELSCREEN_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

function column(file: string, separator: string, name: string): string[] {
  const [head, ...rows] = lines(file);
  const index = head!.split(separator).indexOf(name);
  return rows.map((r) => r.split(separator)[index]?.trim() ?? '').filter(Boolean);
}

const SOURCES: { file: string; goods: Goods; read(path: string): string[] }[] = [
  { file: 'wdc-watches.txt', goods: 'watches', read: lines },
  { file: 'wdc-shoes.txt', goods: 'shoes', read: lines },
  { file: 'abt.csv', goods: 'electronics', read: (f) => column(f, '|', 'name') },
  { file: 'walmart.csv', goods: 'electronics', read: (f) => column(f, '|', 'title') },
  { file: 'amazon-software.csv', goods: 'software', read: (f) => column(f, '#', 'title') },
  {
    file: 'amazon-toys-sports.csv',
    goods: 'toys',
    read: (f) => (parse(readFileSync(f, 'utf8'), { columns: true, relax_quotes: true }) as { product_name: string }[]).map((r) => r.product_name),
  },
];

const BUILT_IN: Title[] = [
  ['Men’s stainless steel chronograph watch, black dial', 'watches'],
  ['Women’s quartz wrist watch with leather strap', 'watches'],
  ['Running shoes, breathable mesh, size 42', 'shoes'],
  ['Leather ankle boots, brown', 'shoes'],
  ['Bluetooth wireless earbuds with charging case', 'electronics'],
  ['USB-C charging cable 2 m', 'electronics'],
  ['Phone case, clear silicone', 'electronics'],
  ['Photo editing software license key', 'software'],
  ['Wooden building blocks set, 100 pieces', 'toys'],
  ['Plush teddy bear 30 cm', 'toys'],
  ['Cotton t-shirt, crew neck', 'general'],
  ['Ceramic coffee mug 350 ml', 'general'],
].map(([text, goods]) => ({ text: text!, goods: goods as Goods, source: 'built-in' }));

export interface TitleSet {
  titles: Title[];
  /** False when ../shared/data/titles was not there and the built-in list stands in. */
  real: boolean;
}

export function loadTitles(dir = join(SHARED_DATA, 'titles')): TitleSet {
  if (!existsSync(dir)) return { titles: BUILT_IN, real: false };
  const titles: Title[] = [];
  for (const source of SOURCES) {
    const path = join(dir, source.file);
    if (!existsSync(path)) continue;
    for (const text of source.read(path)) titles.push({ text: text.slice(0, 300), goods: source.goods, source: source.file });
  }
  return titles.length ? { titles, real: true } : { titles: BUILT_IN, real: false };
}
