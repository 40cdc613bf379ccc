/**
 * The public brand lists in ../shared/data/brands: name-suggestion-index shop brands (category,
 * Wikidata id, local names) and simple-icons (titles, aliases). The registries take goods and
 * other-script names from them; the genuine near-brands come from them. Absent lists: `undefined`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SHARED_DATA } from '../gen/titles.ts';
import type { Script } from './model.ts';
import { fold } from './text.ts';

interface NsiRow {
  category: string;
  brand: string;
  displayName: string;
  wikidata: string;
}

export interface BrandLists {
  nsi: NsiRow[];
  icons: { title: string; aliases: string[] }[];
}

export interface ListedBrand {
  categories: string[];
  aliases: string[];
  scriptNames: { text: string; script: Script }[];
  sources: string[];
}

const read = (path: string) =>
  parse(readFileSync(path, 'utf8'), { columns: true, relax_quotes: true, relax_column_count: true }) as Record<string, string>[];

export function loadBrandLists(dir = join(SHARED_DATA, 'brands')): BrandLists | undefined {
  const nsiPath = join(dir, 'nsi-shop-brands.csv');
  const iconsPath = join(dir, 'simple-icons-brands.csv');
  if (!existsSync(nsiPath) || !existsSync(iconsPath)) return undefined;
  return {
    nsi: read(nsiPath).map((r) => ({
      category: (r.nsi_category ?? '').split('/').pop() ?? '',
      brand: r.brand ?? '',
      displayName: r.display_name ?? '',
      wikidata: r.brand_wikidata ?? '',
    })),
    icons: read(iconsPath).map((r) => ({
      title: r.title ?? '',
      aliases: (r.aliases_aka ?? '').split(/[;|]/).map((a) => a.trim()).filter(Boolean),
    })),
  };
}

/** The script a brand's local name is written in, when it is one the evaluation writes titles in. */
export function scriptOf(name: string): Script | undefined {
  if (/\p{Script=Latin}/u.test(name)) return undefined;
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(name)) return 'ja';
  if (/\p{Script=Han}/u.test(name)) return 'zh';
  if (/\p{Script=Cyrillic}/u.test(name)) return 'ru';
  return undefined;
}

export function lookupBrand(lists: BrandLists, name: string): ListedBrand {
  const key = fold(name);
  const rows = lists.nsi.filter((r) => fold(r.brand) === key || fold(r.displayName) === key);
  const ids = new Set(rows.map((r) => r.wikidata).filter(Boolean));
  const scriptNames = new Map<string, Script>();
  for (const r of lists.nsi) {
    if (!ids.has(r.wikidata)) continue;
    const script = scriptOf(r.brand);
    if (script) scriptNames.set(r.brand, script);
  }
  const icon = lists.icons.find((i) => fold(i.title) === key);
  return {
    categories: [...new Set(rows.map((r) => r.category))],
    aliases: (icon?.aliases ?? []).filter((a) => /\p{Script=Latin}/u.test(a) && fold(a) !== key),
    scriptNames: [...scriptNames].map(([text, script]) => ({ text, script })),
    sources: [...(rows.length ? ['name-suggestion-index'] : []), ...(icon ? ['simple-icons'] : [])],
  };
}

/** Every brand name in both lists (Latin script), for finding genuine near-brands. */
export function allBrandNames(lists: BrandLists): string[] {
  const names = new Set<string>();
  for (const r of lists.nsi) for (const n of [r.brand, r.displayName]) if (n && /^[\p{Script=Latin}\p{N} &'.-]{3,40}$/u.test(n)) names.add(n);
  for (const i of lists.icons) if (/^[\p{Script=Latin}\p{N} &'.-]{3,40}$/u.test(i.title)) names.add(i.title);
  return [...names];
}
