/**
 * Screening of one parcel against a compiled registry: pure, deterministic, explainable.
 * Runs in the screening workers; the same code serves the CLI and the tests.
 */
import type { Parcel, Regime } from '../domain/manifest.ts';
import { LINE_CHECKS, newParcelFacts, PARCEL_CHECKS, type DescriptionAnalysis, type ItemContext, type ParcelContext } from './checks.ts';
import { companyKey, companyTokens } from './company.ts';
import { convert, type CompiledRegistry, type WatchedSeller } from './compile.ts';
import type { Reason, ScreeningResult } from '../domain/decision.ts';
import { combineWeights } from './decision.ts';
import { dice } from './dice.ts';
import { goodsFromWords, VAGUE_WORDS } from './goods.ts';
import { findKeywords } from './keywords.ts';
import { findMentions } from './match.ts';
import { analyseText } from './normalize.ts';

export interface ScreeningInput {
  itemId: string;
  parcel: Parcel;
  regime?: Regime;
  destinationCountry?: string;
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

function appendAll(to: Reason[], found: readonly Reason[]): void {
  for (let k = 0; k < found.length; k++) to.push(found[k]!);
}

/** The parcel's value in `currency`; null when an item's currency has no rate. */
function totalValue(registry: CompiledRegistry, parcel: Parcel, currency: string): number | null {
  let total = 0;
  for (const item of parcel.items) {
    const value = convert(registry, item.value, item.currency, currency);
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** Kinds that make a hazardous item a hold whatever its value. */
const IP_KINDS = new Set(['trademark', 'keyword']);

export class Screener {
  private readonly descriptions = new BoundedCache<DescriptionAnalysis>(50_000);
  private readonly sellers = new BoundedCache<{ seller: WatchedSeller; similarity: number } | null>(20_000);

  constructor(readonly registry: CompiledRegistry) {}

  analyseDescription(text: string): DescriptionAnalysis {
    const cached = this.descriptions.get(text);
    if (cached) return cached;
    const analysed = analyseText(text);
    const { tokens, runs } = analysed;
    const plains = tokens.map((t) => t.plain);
    const analysis: DescriptionAnalysis = {
      mentions: findMentions(analysed, this.registry),
      goods: goodsFromWords(plains, runs.length ? runs.map((r) => r.text) : undefined),
      keywords: findKeywords(text, tokens, this.registry.keywords),
      // Words in a script written without spaces (Chinese, Japanese) say what the goods are too.
      vague: runs.length === 0 && (plains.length === 0 || plains.every((p) => VAGUE_WORDS.has(p) || /^\d+$/.test(p))),
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

  /** Runs every indicator check on the parcel and decides; each reason says where its evidence is. */
  screen(input: ScreeningInput): ScreeningResult {
    const ctx = this.parcelContext(input.parcel);
    const facts = newParcelFacts();
    const reasons: Reason[] = [];
    const items = input.parcel.items;
    for (let index = 0; index < items.length; index++) {
      const line: ItemContext = { index, item: items[index]!, analysis: this.analyseDescription(items[index]!.description) };
      for (const check of LINE_CHECKS) appendAll(reasons, check(ctx, line, facts));
    }
    for (const check of PARCEL_CHECKS) appendAll(reasons, check(ctx, facts));
    // De minimis of the destination country where customs set one, else the general value.
    const deMinimis = (input.destinationCountry && this.registry.deMinimisByCountry.get(input.destinationCountry)) || this.registry.deMinimis;
    return this.decide(input.itemId, reasons, { hazardous: facts.hazardous, ipHit: facts.ipHit, totalValue: totalValue(this.registry, input.parcel, deMinimis.currency), deMinimis: deMinimis.value });
  }

  /** What every check of one parcel may need, computed once. */
  private parcelContext(parcel: Parcel): ParcelContext {
    const watched = this.watchedSeller(parcel.seller.name);
    return {
      registry: this.registry,
      parcel,
      sellerKey: this.sellerKey(parcel.seller.name),
      watched: watched && (!watched.seller.country || watched.seller.country === parcel.seller.country || watched.similarity === 1) ? watched : null,
      slangPresent: parcel.items.some((item) => this.analyseDescription(item.description).keywords.length > 0),
    };
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

