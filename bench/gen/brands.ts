/**
 * Public brand-name lists from ../shared/data/brands (name-suggestion-index, simple-icons), for
 * evaluation only: genuine brands that sit close to a registered mark. Empty when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SHARED_DATA } from './titles.ts';

export function loadBrandNames(dir = join(SHARED_DATA, 'brands')): string[] {
  const names = new Set<string>();
  const read = (file: string, column: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) return;
    for (const row of parse(readFileSync(path, 'utf8'), { columns: true, relax_quotes: true, relax_column_count: true }) as Record<string, string>[]) {
      const name = row[column]?.trim();
      if (name && /^[\p{L}\p{N} &'.-]{3,40}$/u.test(name)) names.add(name);
    }
  };
  read('nsi-shop-brands.csv', 'brand');
  read('simple-icons-brands.csv', 'title');
  return [...names];
}
