/**
 * The two registries, built at run time from `marks.ts` and the public brand lists, and written as
 * registry bundles in the README's format. R1: often-counterfeited brands; R2: marks that are
 * ordinary words or near them. Both carry marks in Chinese, Japanese and Cyrillic.
 */
import { GOODS, NSI_CATEGORY_GOODS, prefixesOf, type GoodsKind } from './goods.ts';
import { lookupBrand, scriptOf, type BrandLists } from './brand-lists.ts';
import { R1_SPECS, R2_SPECS, type MarkSpec } from './marks.ts';
import type { Mark, RegistryKey } from './model.ts';
import { halfOf } from './split.ts';

export interface Registry {
  key: RegistryKey;
  marks: Mark[];
  bundle: RegistryBundle;
}

export interface RegistryBundle {
  applications: {
    id: string;
    holder: { name: string; contact: string };
    trademarks: { mark: string; aliases: string[]; hsCodes: string[]; registration: string; jurisdiction: string }[];
    authorizedSellers: string[];
    priceFloors: { hsCode: string; value: number; currency: string }[];
    validFrom: string;
    validUntil: string;
  }[];
  indicators: {
    watchedSellers: never[];
    keywords: never[];
    hazardousHsCodes: never[];
    originRisk: never[];
    deMinimis: { value: number; currency: string };
    exchangeRates: { base: string; rates: Record<string, number> };
  };
}

function buildMark(key: RegistryKey, index: number, spec: MarkSpec, lists: BrandLists, salt: string): Mark {
  const listed = lookupBrand(lists, spec.listName ?? spec.name);
  const listedGoods = listed.categories.flatMap((c) => NSI_CATEGORY_GOODS[c] ?? []);
  const goods: GoodsKind[] = [...new Set([...(spec.goods ?? listedGoods), ...(spec.extraGoods ?? [])])];
  if (goods.length === 0) throw new Error(`${spec.name}: the brand lists give no goods and the spec names none`);
  const hsCodes = prefixesOf(goods);
  const priceFloors = (spec.priceFloors ?? []).map(([hsCode, value]) => {
    if (!hsCodes.includes(hsCode)) throw new Error(`${spec.name}: price floor for ${hsCode}, which is not among its goods ${hsCodes.join(', ')}`);
    return { hsCode, value, currency: 'EUR' as const };
  });
  const scriptNames = new Map<string, Mark['scriptNames'][number]['script']>();
  const ownScript = scriptOf(spec.name);
  if (ownScript) scriptNames.set(spec.name, ownScript);
  for (const [text, script] of spec.scriptNames ?? []) scriptNames.set(text, script);
  for (const { text, script } of listed.scriptNames) if (!scriptNames.has(text)) scriptNames.set(text, script);
  return {
    applicationId: `AFA-HO${key.slice(1)}-${String(index + 1).padStart(4, '0')}`,
    name: spec.name,
    aliases: [...new Set([...(spec.aliases ?? []), ...listed.aliases])],
    scriptNames: [...scriptNames].map(([text, script]) => ({ text, script })),
    goods,
    hsCodes,
    authorizedSellers: spec.authorizedSellers ?? [],
    priceFloors,
    half: halfOf(spec.name, salt),
    provenance: [...listed.sources, ...(spec.goods || !listedGoods.length ? ['hand-written goods'] : [])],
  };
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function toBundle(marks: Mark[]): RegistryBundle {
  return {
    applications: marks.map((m) => ({
      id: m.applicationId,
      holder: { name: `${m.name} rights holder (evaluation)`, contact: 'ipr@holder.example' },
      trademarks: [
        {
          mark: m.name,
          aliases: [...new Set([...m.aliases, ...m.scriptNames.map((s) => s.text)])].filter((a) => a !== m.name),
          hsCodes: m.hsCodes,
          registration: `EUTM evaluation ${m.applicationId}`,
          jurisdiction: 'EU',
        },
      ],
      authorizedSellers: m.authorizedSellers,
      priceFloors: m.priceFloors,
      validFrom: isoDay(-30),
      validUntil: isoDay(365),
    })),
    indicators: {
      watchedSellers: [],
      keywords: [],
      hazardousHsCodes: [],
      originRisk: [],
      deMinimis: { value: 150, currency: 'EUR' },
      exchangeRates: { base: 'EUR', rates: { USD: 0.92, GBP: 1.17, CNY: 0.13 } },
    },
  };
}

export function buildRegistry(key: RegistryKey, lists: BrandLists, salt: string): Registry {
  const specs = key === 'r1' ? R1_SPECS : R2_SPECS;
  const marks = specs.map((spec, i) => buildMark(key, i, spec, lists, salt));
  return { key, marks, bundle: toBundle(marks) };
}

/** A product of one of the mark's goods, drawn with `pick`. */
export function productsOf(mark: Mark) {
  return mark.goods.flatMap((kind) => GOODS[kind].products.map((product) => ({ kind, product })));
}
