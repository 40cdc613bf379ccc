/**
 * One function per risk indicator: each looks at a parcel (or one of its item lines) and returns
 * the reasons it finds, with offsets into the original fields. `Screener.screen` runs LINE_CHECKS
 * on every item line, then PARCEL_CHECKS, and decides. Adding an indicator is one schema entry (its
 * weight) and one check in one of the two lists; what a check learns that a later one needs (a
 * mark counted, hazardous goods) goes in ParcelFacts.
 */
import type { Parcel } from '../domain/manifest.ts';
import { convert, type CompiledApplication, type CompiledRegistry, type WatchedSeller } from './compile.ts';
import type { Reason } from '../domain/decision.ts';
import { anyOverlap, isCatchAllHs, type GoodsCue } from './goods.ts';
import type { KeywordHit } from './keywords.ts';
import type { Mention } from './match.ts';
import type { RiskLevel } from '../domain/registry.ts';

export interface DescriptionAnalysis {
  mentions: Mention[];
  goods: GoodsCue | null;
  keywords: KeywordHit[];
  vague: boolean;
}

/** What every check of one parcel may need, computed once. */
export interface ParcelContext {
  registry: CompiledRegistry;
  parcel: Parcel;
  sellerKey: string;
  /** The watched seller the parcel's seller is, if any (and where the country agrees). */
  watched: { seller: WatchedSeller; similarity: number } | null;
  /** Counterfeit slang anywhere in the parcel's descriptions. */
  slangPresent: boolean;
}

/** One item line and what its description says. */
export interface ItemContext {
  index: number;
  item: Parcel['items'][number];
  analysis: DescriptionAnalysis;
}

const RISK_WEIGHT_KEYS = {
  keyword: { high: 'keywordHigh', medium: 'keywordMedium', low: 'keywordLow' },
  seller: { high: 'sellerHigh', medium: 'sellerMedium', low: 'sellerLow' },
  origin: { high: 'originHigh', medium: 'originMedium', low: 'originLow' },
} as const;

function riskWeight(registry: CompiledRegistry, kind: keyof typeof RISK_WEIGHT_KEYS, risk: RiskLevel): number {
  return registry.scoring.weights[RISK_WEIGHT_KEYS[kind][risk]];
}

const wholeField = (field: string, text: string) => ({ field, matched: text, start: 0, end: text.length });

/** What checks learn that later checks and the decision need. */
export interface ParcelFacts {
  /** An item line is hazardous goods: no de minimis relief, and with an IP reason a hold. */
  hazardous: boolean;
  /** A registered mark or counterfeit slang counted on some line. */
  ipHit: boolean;
  /** Of the line being checked: marks counted, and whether one was counted for goods only the words named. */
  lineMarks: number;
  lineMarkViaWordsOnly: boolean;
}

export function newParcelFacts(): ParcelFacts {
  return { hazardous: false, ipHit: false, lineMarks: 0, lineMarkViaWordsOnly: false };
}

export type LineCheck = (ctx: ParcelContext, line: ItemContext, facts: ParcelFacts) => Reason[];
export type ParcelCheck = (ctx: ParcelContext, facts: ParcelFacts) => Reason[];

/** What most checks find on most parcels: nothing, without allocating it. */
const NOTHING: Reason[] = [];
const NO_MARKS: TrademarkFindings = { reasons: NOTHING, counted: new Set(), markViaWordsOnly: false };

/** Hazardous goods (medicines, brake pads): screened whatever the value. */
export function hazardCheck(ctx: ParcelContext, line: ItemContext, facts: ParcelFacts): Reason[] {
  const hs = line.item.hsCode;
  if (!ctx.registry.hazardousHs.some((p) => hs.startsWith(p))) return NOTHING;
  facts.hazardous = true;
  return [{ kind: 'hazard', ...wholeField(`items[${line.index}].hsCode`, hs), weight: ctx.registry.scoring.weights.hazard, note: `HS ${hs} is hazardous goods: screened whatever the value (no de minimis relief)` }];
}

interface TrademarkFindings {
  reasons: Reason[];
  /** Marks counted on this line (application:mark). */
  counted: Set<string>;
  /** A mark counted for goods only the words named (not the declared code): misdeclaration evidence. */
  markViaWordsOnly: boolean;
}

interface PriceCheck {
  floor: { hsCode: string; value: number; currency: string } | undefined;
  unit: number;
  unitInFloorCurrency: number | null;
  belowFloor: boolean;
}

function priceAgainstFloor(ctx: ParcelContext, line: ItemContext, app: CompiledApplication): PriceCheck {
  const { item, analysis } = line;
  const hs = item.hsCode;
  const unit = item.quantity > 0 ? item.value / item.quantity : item.value;
  const floor = app.priceFloors.find((f) => hs.startsWith(f.hsCode) || (analysis.goods?.hs.some((g) => g.startsWith(f.hsCode) || f.hsCode.startsWith(g)) ?? false));
  const unitInFloorCurrency = floor ? convert(ctx.registry, unit, item.currency, floor.currency) : null;
  const belowFloor = floor !== undefined && unitInFloorCurrency !== null && unitInFloorCurrency < floor.value * ctx.registry.scoring.priceFloorRatio;
  return { floor, unit, unitInFloorCurrency, belowFloor };
}

function describeMatch(m: Mention): string {
  const e = m.entry;
  if (e.learnt) return `known knock-off spelling of "${e.mark}" (learnt from ${e.learnt.itemId ? `parcel ${e.learnt.itemId}` : 'a customs outcome'}, ${e.learnt.learntAt.slice(0, 10)})`;
  if (m.method === 'transliterated') return `"${e.name}" written in another script (transliteration)`;
  if (m.method === 'script') return `mentions "${e.name}"`;
  if (m.disguised) return `disguised spelling of "${e.name}" (${m.method}, similarity ${m.similarity.toFixed(2)}${m.cost !== undefined ? `, edit cost ${m.cost.toFixed(1)}` : ''})`;
  return `mentions "${e.name}"`;
}

/**
 * Registered marks named on a line, for the goods they protect: the mark (or its disguise), the
 * price against the holder's floor, the seller against the holder's authorised sellers, and goods
 * hidden under a catch-all code.
 */
export function trademarkCheck(ctx: ParcelContext, line: ItemContext, facts: ParcelFacts): Reason[] {
  const found = trademarkFindings(ctx, line);
  facts.lineMarks = found.counted.size;
  facts.lineMarkViaWordsOnly = found.markViaWordsOnly;
  if (found.counted.size > 0) facts.ipHit = true;
  return found.reasons;
}

function trademarkFindings(ctx: ParcelContext, line: ItemContext): TrademarkFindings {
  const { registry, parcel } = ctx;
  const w = registry.scoring.weights;
  const { item, analysis, index } = line;
  if (analysis.mentions.length === 0) return NO_MARKS;
  const hs = item.hsCode;
  const reasons: Reason[] = [];
  const counted = new Set<string>();
  let markViaWordsOnly = false;
  for (const m of analysis.mentions) {
    const e = m.entry;
    const byHs = e.hsCodes.some((p) => hs.startsWith(p));
    const byWords = analysis.goods !== null && anyOverlap(analysis.goods.hs, e.hsCodes);
    // A disguised name, a product line or slang under a catch-all code ("plastic articles"): the
    // goods are hidden, and hiding them is the point. A mark that is an ordinary word needs more
    // than that ("Apple" on a plastic article may be a fruit), and a short mark needs its goods.
    const hidden = !byHs && !byWords && !e.short && !m.needsContext && !m.needsGoods && analysis.goods === null && isCatchAllHs(hs) && (!e.wordMark || m.disguised || e.isAlias || ctx.slangPresent);
    // A trademark only counts for the goods it protects: "Coach" on a toy bus is not Coach bags.
    if (!byHs && !byWords && !hidden) continue;
    // An ordinary word that is also a mark ("Apple", "Coach", "Guess") counts only on the goods the
    // mark protects, which the checks above ensure; a product word of those very goods ("polo"
    // shirt) says nothing unless it is disguised.
    if (!m.disguised && e.genericProduct) continue;
    const markKey = `${e.applicationId}:${e.mark}`;
    if (counted.has(markKey)) continue;
    const app = registry.applications.get(e.applicationId)!;
    const price = priceAgainstFloor(ctx, line, app);
    // A slip of a short mark or a rarer word read as a mark: the goods must agree both ways (code and
    // words), or another signal must back it (a price far below the floor, a watched seller, slang).
    if (m.needsContext && !(byHs && byWords) && !price.belowFloor && !ctx.watched && !ctx.slangPresent) continue;
    // A far spelling (match.ts needsGoods) counts only where the code and the words both name the goods.
    if (m.needsGoods && !(byHs && byWords)) continue;
    counted.add(markKey);
    if (!byHs) markViaWordsOnly = true;
    if (hidden) {
      reasons.push({ kind: 'misdeclaration', mark: e.mark, applicationId: e.applicationId, ...wholeField(`items[${index}].hsCode`, hs), weight: w.misdeclaration, note: `${e.name} goods (HS ${e.hsCodes.join('/')}) declared under the catch-all HS ${hs}` });
    }
    const authorised = app.authorizedSellerKeys.has(ctx.sellerKey);
    if (authorised && !m.disguised && !price.belowFloor && !ctx.slangPresent) {
      reasons.push({ kind: 'authorization', mark: e.mark, applicationId: e.applicationId, ...wholeField('seller.name', parcel.seller.name), weight: 0, note: `seller is authorised by ${app.holder} for ${e.mark}: ${e.mark} goods at a normal price, released` });
      continue;
    }
    const goodsNote = byHs ? `HS ${hs} is protected goods` : byWords ? `the words name protected goods (${analysis.goods!.words.join(', ')})` : `declared under the catch-all HS ${hs}`;
    reasons.push({
      kind: 'trademark',
      mark: e.mark,
      applicationId: e.applicationId,
      field: `items[${index}].description`,
      matched: item.description.slice(m.start, m.end),
      start: m.start,
      end: m.end,
      similarity: Math.round(m.similarity * 1000) / 1000,
      weight: m.disguised ? w.disguisedTrademark : w.trademark,
      note: `${describeMatch(m)}${e.isAlias && !e.learnt ? ` (product line of ${e.mark})` : ''}, registered by ${app.holder}; ${goodsNote}`,
    });
    if (price.belowFloor) {
      const { floor, unit, unitInFloorCurrency } = price;
      reasons.push({ kind: 'price', mark: e.mark, applicationId: e.applicationId, field: `items[${index}].value`, matched: `${unit} ${item.currency}`, start: 0, end: 0, weight: w.price, note: `unit value ${unitInFloorCurrency!.toFixed(2)} ${floor!.currency} is below ${Math.round(registry.scoring.priceFloorRatio * 100)} % of the ${e.mark} price floor ${floor!.value} ${floor!.currency}` });
    }
    if (!authorised && app.authorizedSellerKeys.size > 0) {
      reasons.push({ kind: 'authorization', mark: e.mark, applicationId: e.applicationId, ...wholeField('seller.name', parcel.seller.name), weight: w.authorization, note: `seller is not among the ${app.authorizedSellerKeys.size} sellers ${app.holder} authorised` });
    }
  }
  return { reasons, counted, markViaWordsOnly };
}

/**
 * Slang is a claim about a brand: on its own it counts half ("movie prop replica"), unless the
 * words name goods some registered mark protects ("replica watch", "1:1 handbag").
 */
export function keywordCheck(ctx: ParcelContext, line: ItemContext, facts: ParcelFacts): Reason[] {
  const { analysis, item, index } = line;
  if (analysis.keywords.length === 0) return NOTHING;
  const brandsCounted = facts.lineMarks;
  const brandGoods = analysis.goods !== null && anyOverlap(analysis.goods.hs, ctx.registry.protectedHs);
  const reasons: Reason[] = [];
  for (const k of analysis.keywords) {
    // Two- and three-letter terms ("AAA", "1:1") are also sizes and grades (AAA batteries): slang
    // only next to a brand or on branded kinds of goods.
    if (k.keyword.term.replace(/[^\p{L}\p{N}]/gu, '').length <= 3 && brandsCounted === 0 && !brandGoods) continue;
    const alone = brandsCounted === 0 && !brandGoods;
    const weight = (k.keyword.weight ?? riskWeight(ctx.registry, 'keyword', k.keyword.risk)) * (alone ? 0.5 : 1);
    facts.ipHit = true;
    reasons.push({ kind: 'keyword', field: `items[${index}].description`, matched: item.description.slice(k.start, k.end), start: k.start, end: k.end, weight, note: `counterfeit slang "${k.keyword.term}" (${k.keyword.risk} risk)${alone ? ', no brand or branded goods named' : ''}` });
  }
  return reasons;
}

/** Words that name other goods than the declared code, and descriptions too vague to tell. */
export function misdeclarationCheck(ctx: ParcelContext, line: ItemContext, facts: ParcelFacts): Reason[] {
  const markViaWordsOnly = facts.lineMarkViaWordsOnly;
  const { analysis, item, index } = line;
  const hs = item.hsCode;
  const w = ctx.registry.scoring.weights;
  if (!analysis.vague && analysis.goods === null) return NOTHING;
  const reasons: Reason[] = [];
  if (analysis.goods && !anyOverlap(analysis.goods.hs, [hs]) && (isCatchAllHs(hs) || markViaWordsOnly)) {
    const words = analysis.goods.words.join(', ');
    reasons.push({ kind: 'misdeclaration', field: `items[${index}].hsCode`, matched: words, start: 0, end: 0, weight: w.misdeclaration, note: `description names ${words} (HS ${analysis.goods.hs.join('/')}) but HS ${hs} is declared` });
  }
  if (analysis.vague) {
    reasons.push({ kind: 'misdeclaration', ...wholeField(`items[${index}].description`, item.description), weight: w.vagueDescription, note: 'description too vague to tell what the goods are' });
  }
  return reasons;
}

export function originCheck(ctx: ParcelContext, line: ItemContext): Reason[] {
  const origin = line.item.originCountry ?? ctx.parcel.seller.country;
  const risk = ctx.registry.originRisk.get(origin);
  if (!risk) return NOTHING;
  return [{ kind: 'origin', ...wholeField(line.item.originCountry ? `items[${line.index}].originCountry` : 'seller.country', origin), weight: riskWeight(ctx.registry, 'origin', risk), note: `origin ${origin} is rated ${risk} risk` }];
}

export function sellerCheck(ctx: ParcelContext): Reason[] {
  const watched = ctx.watched;
  if (!watched) return NOTHING;
  const name = ctx.parcel.seller.name;
  const s = watched.seller;
  return [{ kind: 'seller', ...wholeField('seller.name', name), similarity: Math.round(watched.similarity * 1000) / 1000, weight: riskWeight(ctx.registry, 'seller', s.risk), note: `watched seller "${s.name}" (${s.risk} risk)${s.reason ? `: ${s.reason}` : ''}` }];
}

/** Gifts and samples that look commercial, documents that carry goods. */
export function categoryCheck(ctx: ParcelContext, facts: ParcelFacts): Reason[] {
  const ipHit = facts.ipHit;
  const { parcel } = ctx;
  if (parcel.category !== 'gift' && parcel.category !== 'sample' && parcel.category !== 'documents') return NOTHING;
  const weight = ctx.registry.scoring.weights.category;
  const reasons: Reason[] = [];
  const commercial = parcel.items.length >= 3 || parcel.items.some((i) => i.quantity >= 3) || ipHit;
  if ((parcel.category === 'gift' || parcel.category === 'sample') && commercial) {
    reasons.push({ kind: 'category', ...wholeField('category', parcel.category), weight, note: `declared as ${parcel.category} but the goods look commercial` });
  }
  if (parcel.category === 'documents' && parcel.items.some((i) => !i.hsCode.startsWith('49'))) {
    reasons.push({ kind: 'category', ...wholeField('category', parcel.category), weight, note: 'declared as documents but carries goods' });
  }
  return reasons;
}

/** Run on every item line, in this order (a later check may read what an earlier one found). */
export const LINE_CHECKS: readonly LineCheck[] = [hazardCheck, trademarkCheck, keywordCheck, misdeclarationCheck, originCheck];

/** Run once per parcel, after every line. */
export const PARCEL_CHECKS: readonly ParcelCheck[] = [sellerCheck, categoryCheck];
