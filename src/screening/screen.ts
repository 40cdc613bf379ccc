/**
 * Screening of one parcel against a compiled registry: pure, deterministic, explainable.
 * Runs in the screening workers; the same code serves the CLI and the tests.
 */
import type { Parcel, Regime } from '../domain/manifest.ts';
import { companyKey, companyTokens } from './company.ts';
import { convert, type CompiledRegistry, type WatchedSeller } from './compile.ts';
import { combineWeights, type Reason, type ScreeningResult } from './decision.ts';
import { dice } from './dice.ts';
import { anyOverlap, goodsFromWords, isCatchAllHs, VAGUE_WORDS, type GoodsCue } from './goods.ts';
import { findKeywords, type KeywordHit } from './keywords.ts';
import { findMentions, type Mention } from './match.ts';
import { tokenize } from './normalize.ts';
import type { RiskLevel } from './registry-schema.ts';

export interface ScreeningInput {
  itemId: string;
  parcel: Parcel;
  regime?: Regime;
  destinationCountry?: string;
}

interface DescriptionAnalysis {
  mentions: Mention[];
  goods: GoodsCue | null;
  keywords: KeywordHit[];
  vague: boolean;
}

/** A bounded map that forgets the oldest entries: manifests repeat descriptions and sellers. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

const RISK_WEIGHT_KEYS = {
  keyword: { high: 'keywordHigh', medium: 'keywordMedium', low: 'keywordLow' },
  seller: { high: 'sellerHigh', medium: 'sellerMedium', low: 'sellerLow' },
  origin: { high: 'originHigh', medium: 'originMedium', low: 'originLow' },
} as const;

/** Kinds that make a hazardous item a hold whatever its value. */
const IP_KINDS = new Set(['trademark', 'keyword']);

export class Screener {
  private readonly descriptions = new BoundedCache<DescriptionAnalysis>(50_000);
  private readonly sellers = new BoundedCache<{ seller: WatchedSeller; similarity: number } | null>(20_000);

  constructor(readonly registry: CompiledRegistry) {}

  private weight(kind: keyof typeof RISK_WEIGHT_KEYS, risk: RiskLevel): number {
    return this.registry.scoring.weights[RISK_WEIGHT_KEYS[kind][risk]];
  }

  analyseDescription(text: string): DescriptionAnalysis {
    const cached = this.descriptions.get(text);
    if (cached) return cached;
    const tokens = tokenize(text);
    const plains = tokens.map((t) => t.plain);
    const analysis: DescriptionAnalysis = {
      mentions: findMentions(tokens, this.registry),
      goods: goodsFromWords(plains),
      keywords: findKeywords(text, tokens, this.registry.keywords),
      vague: plains.length === 0 || plains.every((p) => VAGUE_WORDS.has(p) || /^\d+$/.test(p)),
    };
    this.descriptions.set(text, analysis);
    return analysis;
  }

  private readonly sellerKeys = new BoundedCache<string>(20_000);

  private sellerKey(name: string): string {
    let key = this.sellerKeys.get(name);
    if (key === undefined) {
      key = companyKey(name);
      this.sellerKeys.set(name, key);
    }
    return key;
  }

  watchedSeller(name: string): { seller: WatchedSeller; similarity: number } | null {
    const cached = this.sellers.get(name);
    if (cached !== undefined) return cached;
    const key = this.sellerKey(name);
    let best: { seller: WatchedSeller; similarity: number } | null = null;
    const exact = this.registry.watchedByKey.get(key);
    if (exact) best = { seller: exact[0]!, similarity: 1 };
    else if (key) {
      // Candidates share the name's most distinctive word (the one fewest watched sellers use:
      // "Shenzhen" or "Trading" would bring hundreds); Dice on the folded names decides.
      const seen = new Set<WatchedSeller>();
      const postings = companyTokens(name)
        .map((t) => this.registry.watchedByToken.get(t))
        .filter((list): list is WatchedSeller[] => list !== undefined)
        .sort((a, b) => a.length - b.length);
      // A name whose rarest word is common among watched sellers shares no distinctive word with any.
      for (const list of postings.slice(0, 1).filter((l) => l.length <= 64)) {
        for (const s of list) {
          if (seen.has(s)) continue;
          seen.add(s);
          const similarity = dice(s.bigrams, key);
          if (similarity >= 0.85 && (!best || similarity > best.similarity)) best = { seller: s, similarity };
        }
      }
    }
    this.sellers.set(name, best);
    return best;
  }

  screen(input: ScreeningInput): ScreeningResult {
    const { parcel } = input;
    const { scoring } = this.registry;
    const w = scoring.weights;
    const reasons: Reason[] = [];
    let hazardous = false;
    let ipHit = false;
    let totalValue = 0;
    let totalKnown = true;
    const sellerKey = this.sellerKey(parcel.seller.name);
    // De minimis of the destination country where customs set one, else the general value.
    const deMinimis = (input.destinationCountry && this.registry.deMinimisByCountry.get(input.destinationCountry)) || this.registry.deMinimis;
    const slangPresent = parcel.items.some((item) => this.analyseDescription(item.description).keywords.length > 0);

    parcel.items.forEach((item, index) => {
      const field = `items[${index}].description`;
      const analysis = this.analyseDescription(item.description);
      const hs = item.hsCode;
      const value = convert(this.registry, item.value, item.currency, deMinimis.currency);
      if (value === null) totalKnown = false;
      else totalValue += value;

      const itemHazardous = this.registry.hazardousHs.some((p) => hs.startsWith(p));
      if (itemHazardous) {
        hazardous = true;
        reasons.push({ kind: 'hazard', field: `items[${index}].hsCode`, matched: hs, start: 0, end: hs.length, weight: w.hazard, note: `HS ${hs} is hazardous goods: screened whatever the value (no de minimis relief)` });
      }

      let markViaWordsOnly = false;
      const counted = new Set<string>();
      for (const m of analysis.mentions) {
        const e = m.entry;
        const byHs = e.hsCodes.some((p) => hs.startsWith(p));
        const byWords = analysis.goods !== null && anyOverlap(analysis.goods.hs, e.hsCodes);
        // A disguised name, a product line or slang under a catch-all code ("plastic articles"):
        // the goods are hidden, and hiding them is the point.
        // A mark that is an ordinary word needs more than that ("Apple" on a plastic article may be a fruit).
        const hidden = !byHs && !byWords && analysis.goods === null && isCatchAllHs(hs) && (!e.wordMark || m.disguised || e.isAlias || slangPresent);
        // A trademark only counts for the goods it protects: "Coach" on a toy bus is not Coach bags.
        if (!byHs && !byWords && !hidden) continue;
        // An ordinary word that is also a mark ("Apple", "Coach", "Guess") counts only on the goods the
        // mark protects, which the checks above ensure; a product word of those very goods ("polo"
        // shirt) says nothing unless it is disguised.
        if (!m.disguised && e.genericProduct) continue;
        const markKey = `${e.applicationId}:${e.mark}`;
        if (counted.has(markKey)) continue;
        counted.add(markKey);
        if (!byHs) markViaWordsOnly = true;
        if (hidden) {
          reasons.push({ kind: 'misdeclaration', mark: e.mark, applicationId: e.applicationId, field: `items[${index}].hsCode`, matched: hs, start: 0, end: hs.length, weight: w.misdeclaration, note: `${e.name} goods (HS ${e.hsCodes.join('/')}) declared under the catch-all HS ${hs}` });
        }
        ipHit = true;

        const app = this.registry.applications.get(e.applicationId)!;
        const authorised = app.authorizedSellerKeys.has(sellerKey);
        const matched = item.description.slice(m.start, m.end);
        const unit = item.quantity > 0 ? item.value / item.quantity : item.value;
        const floor = app.priceFloors.find((f) => hs.startsWith(f.hsCode) || (analysis.goods?.hs.some((g) => g.startsWith(f.hsCode) || f.hsCode.startsWith(g)) ?? false));
        const unitInFloorCurrency = floor ? convert(this.registry, unit, item.currency, floor.currency) : null;
        const belowFloor = floor !== undefined && unitInFloorCurrency !== null && unitInFloorCurrency < floor.value * scoring.priceFloorRatio;

        if (authorised && !m.disguised && !belowFloor && !slangPresent) {
          reasons.push({ kind: 'authorization', mark: e.mark, applicationId: e.applicationId, field: 'seller.name', matched: parcel.seller.name, start: 0, end: parcel.seller.name.length, weight: 0, note: `seller is authorised by ${app.holder} for ${e.mark}` });
          continue;
        }
        const how = m.disguised ? `disguised spelling of "${e.name}" (${m.method}, similarity ${m.similarity.toFixed(2)})` : `mentions "${e.name}"`;
        const goodsNote = byHs
          ? `HS ${hs} is protected goods`
          : byWords
            ? `the words name protected goods (${analysis.goods!.words.join(', ')})`
            : `declared under the catch-all HS ${hs}`;
        reasons.push({
          kind: 'trademark',
          mark: e.mark,
          applicationId: e.applicationId,
          field,
          matched,
          start: m.start,
          end: m.end,
          similarity: Math.round(m.similarity * 1000) / 1000,
          weight: m.disguised ? w.disguisedTrademark : w.trademark,
          note: `${how}${e.isAlias ? ` (product line of ${e.mark})` : ''}, registered by ${app.holder}; ${goodsNote}`,
        });
        if (belowFloor) {
          reasons.push({ kind: 'price', mark: e.mark, applicationId: e.applicationId, field: `items[${index}].value`, matched: `${unit} ${item.currency}`, start: 0, end: 0, weight: w.price, note: `unit value ${unitInFloorCurrency!.toFixed(2)} ${floor!.currency} is below ${Math.round(scoring.priceFloorRatio * 100)} % of the ${e.mark} price floor ${floor!.value} ${floor!.currency}` });
        }
        if (!authorised && app.authorizedSellerKeys.size > 0) {
          reasons.push({ kind: 'authorization', mark: e.mark, applicationId: e.applicationId, field: 'seller.name', matched: parcel.seller.name, start: 0, end: parcel.seller.name.length, weight: w.authorization, note: `seller is not among the ${app.authorizedSellerKeys.size} sellers ${app.holder} authorised` });
        }
      }

      // Slang is a claim about a brand: on its own it counts half ("movie prop replica"), unless
      // the words name goods some registered mark protects ("replica watch", "1:1 handbag").
      const brandGoods = analysis.goods !== null && anyOverlap(analysis.goods.hs, this.registry.protectedHs);
      for (const k of analysis.keywords) {
        // Two- and three-letter terms ("AAA", "1:1") are also sizes and grades (AAA batteries): slang
        // only next to a brand or on branded kinds of goods.
        if (k.keyword.term.replace(/[^\p{L}\p{N}]/gu, '').length <= 3 && counted.size === 0 && !brandGoods) continue;
        ipHit = true;
        const alone = counted.size === 0 && !brandGoods;
        const weight = (k.keyword.weight ?? this.weight('keyword', k.keyword.risk)) * (alone ? 0.5 : 1);
        reasons.push({ kind: 'keyword', field, matched: item.description.slice(k.start, k.end), start: k.start, end: k.end, weight, note: `counterfeit slang "${k.keyword.term}" (${k.keyword.risk} risk)${alone ? ', no brand or branded goods named' : ''}` });
      }

      // Words that name other goods than the declared code: misdeclared goods.
      if (analysis.goods && !anyOverlap(analysis.goods.hs, [hs]) && (isCatchAllHs(hs) || markViaWordsOnly)) {
        reasons.push({ kind: 'misdeclaration', field: `items[${index}].hsCode`, matched: analysis.goods.words.join(', '), start: 0, end: 0, weight: w.misdeclaration, note: `description names ${analysis.goods.words.join(', ')} (HS ${analysis.goods.hs.join('/')}) but HS ${hs} is declared` });
      }
      if (analysis.vague) {
        reasons.push({ kind: 'misdeclaration', field, matched: item.description, start: 0, end: item.description.length, weight: w.vagueDescription, note: 'description too vague to tell what the goods are' });
      }
      const origin = item.originCountry ?? parcel.seller.country;
      const originRisk = this.registry.originRisk.get(origin);
      if (originRisk) {
        reasons.push({ kind: 'origin', field: item.originCountry ? `items[${index}].originCountry` : 'seller.country', matched: origin, start: 0, end: origin.length, weight: this.weight('origin', originRisk), note: `origin ${origin} is rated ${originRisk} risk` });
      }
    });

    const watched = this.watchedSeller(parcel.seller.name);
    if (watched && (!watched.seller.country || watched.seller.country === parcel.seller.country || watched.similarity === 1)) {
      reasons.push({ kind: 'seller', field: 'seller.name', matched: parcel.seller.name, start: 0, end: parcel.seller.name.length, similarity: Math.round(watched.similarity * 1000) / 1000, weight: this.weight('seller', watched.seller.risk), note: `watched seller "${watched.seller.name}" (${watched.seller.risk} risk)${watched.seller.reason ? `: ${watched.seller.reason}` : ''}` });
    }

    const commercial = parcel.items.length >= 3 || parcel.items.some((i) => i.quantity >= 3) || ipHit;
    if ((parcel.category === 'gift' || parcel.category === 'sample') && commercial) {
      reasons.push({ kind: 'category', field: 'category', matched: parcel.category, start: 0, end: parcel.category.length, weight: w.category, note: `declared as ${parcel.category} but the goods look commercial` });
    }
    if (parcel.category === 'documents' && parcel.items.some((i) => !i.hsCode.startsWith('49'))) {
      reasons.push({ kind: 'category', field: 'category', matched: parcel.category, start: 0, end: parcel.category.length, weight: w.category, note: 'declared as documents but carries goods' });
    }

    return this.decide(input.itemId, reasons, { hazardous, ipHit, totalValue: totalKnown ? totalValue : null, deMinimis: deMinimis.value });
  }

  private decide(itemId: string, reasons: Reason[], facts: { hazardous: boolean; ipHit: boolean; totalValue: number | null; deMinimis: number }): ScreeningResult {
    const { holdAt, reviewAt } = this.registry.scoring;
    // One piece of evidence per kind and mark/term: five lines of one fake brand are one reason to stop it.
    const strongest = new Map<string, number>();
    for (const r of reasons) {
      const key = `${r.kind}:${r.mark ?? r.matched.toLowerCase()}`;
      strongest.set(key, Math.max(strongest.get(key) ?? 0, r.weight));
    }
    let riskScore = combineWeights([...strongest.values()]);
    const strongKinds = reasons.some((r) => r.weight > 0 && (r.kind === 'trademark' || r.kind === 'keyword' || r.kind === 'seller'));
    const underDeMinimis = facts.totalValue !== null && facts.totalValue <= facts.deMinimis;
    // Low-value parcels flow on weak indicators alone; hazardous goods never get that relief.
    if (underDeMinimis && !facts.hazardous && !strongKinds) riskScore = Math.min(riskScore, Math.max(0, reviewAt - 1));
    let decision: ScreeningResult['decision'] = riskScore >= holdAt ? 'hold' : riskScore >= reviewAt ? 'review' : 'release';
    if (facts.hazardous && reasons.some((r) => IP_KINDS.has(r.kind) && r.weight > 0)) {
      decision = 'hold';
      riskScore = Math.max(riskScore, holdAt);
    }
    return { itemId, decision, riskScore, reasons };
  }
}

