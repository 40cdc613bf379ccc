/**
 * Real product titles (../shared/data/titles), each given the HS code its goods would be declared
 * under, and labelled against a registry by a plain whole-word search for every name and alias:
 * a title that names a mark on goods the mark protects is a plain mention (positive), a title that
 * names none is clean (negative), a title that names a mark on other goods is left out.
 */
import { loadTitles, type Title } from '../gen/titles.ts';
import type { GoodsKind } from './goods.ts';
import { namesOf, type Mark } from './model.ts';
import { NameIndex } from './text.ts';

export interface RealTitle {
  text: string;
  source: string;
  hsCode: string;
  kind: GoodsKind | 'other';
}

/** Keyword rules from the titles' own vocabulary to a 6-digit HS code; first match wins. */
const ELECTRONICS_RULES: [RegExp, string, GoodsKind | 'other'][] = [
  [/\b(headphones?|earbuds?|earphones?|headset|speakers?|soundbar|subwoofer|ipod|mp3|audio|stereo|receiver)\b/i, '851830', 'audio'],
  [/\b(camera|camcorder|dslr|lens)\b/i, '852589', 'cameras'],
  [/\b(tv|hdtv|television|plasma|lcd|led tv|monitor|projector)\b/i, '852872', 'tv'],
  [/\b(phone|smartphone|cellular|iphone|blackberry)\b/i, '851713', 'phones'],
  [/\b(laptop|notebook|computer|tablet|ipad|mouse|keyboard|desktop)\b/i, '847130', 'computers'],
  [/\b(printer|toner|ink|cartridge)\b/i, '844332', 'printers'],
  [/\b(watch)\b/i, '910211', 'watches'],
  [/\b(xbox|playstation|wii|nintendo|console|controller|gamepad)\b/i, '950450', 'consoles'],
  [/\b(vacuum|dryer|shaver|toothbrush|straightener)\b/i, '851632', 'appliances'],
];

function classify(title: Title): Pick<RealTitle, 'hsCode' | 'kind'> {
  switch (title.goods) {
    case 'watches':
      return { hsCode: /automatic|mechanical/i.test(title.text) ? '910221' : '910211', kind: 'watches' };
    case 'shoes':
      if (/\b(boots?|loafers?|heels?|pumps?|oxfords?)\b/i.test(title.text)) return { hsCode: '640399', kind: 'shoes' };
      if (/\b(sandals?|slippers?|flip[- ]?flops?|slides?)\b/i.test(title.text)) return { hsCode: '640299', kind: 'shoes' };
      return { hsCode: '640411', kind: 'shoes' };
    case 'electronics':
      for (const [pattern, hsCode, kind] of ELECTRONICS_RULES) if (pattern.test(title.text)) return { hsCode, kind };
      return { hsCode: '854370', kind: 'other' };
    case 'software':
      return { hsCode: '852349', kind: 'other' };
    case 'toys':
      if (/\b(ball|bike|bicycle|racket|golf|fitness)\b/i.test(title.text)) return { hsCode: '950699', kind: 'sports' };
      return { hsCode: '950300', kind: 'toys' };
    default:
      return { hsCode: '392690', kind: 'other' };
  }
}

export function loadRealTitles(): { titles: RealTitle[]; real: boolean } {
  const { titles, real } = loadTitles();
  const seen = new Set<string>();
  const out: RealTitle[] = [];
  for (const t of titles) {
    const text = t.text.replace(/\s+/g, ' ').trim();
    if (text.length < 4 || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, source: t.source, ...classify(t) });
  }
  return { titles: out, real };
}

export interface LabelledTitles {
  plain: { title: RealTitle; mark: Mark }[];
  clean: RealTitle[];
  /** Titles naming a mark on goods it does not protect: neither positive nor negative. */
  excluded: number;
  /** Real titles naming each mark on its goods, by application id (for disguising real titles). */
  byMark: Map<string, RealTitle[]>;
}

export function labelTitles(titles: RealTitle[], marks: Mark[]): LabelledTitles {
  const plain: LabelledTitles['plain'] = [];
  const clean: RealTitle[] = [];
  const byMark = new Map<string, RealTitle[]>();
  let excluded = 0;
  const index = new NameIndex(marks.flatMap((m) => namesOf(m).map((n) => [n, m] as const)));
  for (const title of titles) {
    const named = index.find(title.text);
    if (!named.length) {
      clean.push(title);
      continue;
    }
    const onGoods = named.filter((m) => m.hsCodes.some((p) => title.hsCode.startsWith(p)));
    if (onGoods.length !== named.length) {
      excluded++;
      continue;
    }
    for (const mark of onGoods) {
      plain.push({ title, mark });
      byMark.set(mark.applicationId, [...(byMark.get(mark.applicationId) ?? []), title]);
    }
  }
  return { plain, clean, excluded, byMark };
}
