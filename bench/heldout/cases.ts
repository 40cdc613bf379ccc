/**
 * Builds every labelled case of one registry: each generator family applied to each mark, the
 * same-script titles, plain mentions, authorised listings and the negatives. Every case carries
 * the half of the mark it is about (clean titles: a hash of their text).
 */
import { GOODS, type GoodsKind } from './goods.ts';
import { allBrandNames, type BrandLists } from './brand-lists.ts';
import { permutations, FUZZERS } from './gen/dnstwist.ts';
import { twoEditVariant } from './gen/edits.ts';
import { keyboardTypo } from './gen/keyboard.ts';
import { knockoffVariant, MARKET_KNOCKOFFS } from './gen/knockoffs.ts';
import { lookalikeLeetVariant, lookalikeVariant, mixedScriptVariant, scriptWordVariant } from './gen/lookalikes.ts';
import { phoneticVariant } from './gen/phonetic.ts';
import { scriptTitle } from './gen/script-titles.ts';
import { englishTitle, pickProduct, priceFor, randomSeller } from './listing.ts';
import { namesOf, type Case, type FamilyId, type Mark } from './model.ts';
import { GENERIC_NEAR_PHRASES, HAND_NEAR_BRANDS, HOMONYMS, listNearBrands, NEAR_PHRASES } from './negatives.ts';
import type { LabelledTitles, RealTitle } from './real-titles.ts';
import type { Registry } from './registries.ts';
import { rngFor, shuffle, type Random } from './rng.ts';
import { halfOf } from './split.ts';
import { fold, isLatinText, letterKey, mentions, NameIndex, replaceMention } from './text.ts';

/** How many cases each generator family makes per mark (before `--limit`). */
export const PER_MARK = {
  lookalikeUts39: 4,
  lookalikeBeyond: 6,
  lookalikeSeveral: 3,
  scriptWord: 3,
  mixedScript: 3,
  lookalikeLeet: 3,
  keyboard: 5,
  twoEdit: 5,
  phonetic: 5,
  knockoff: 6,
  permutationsPerFuzzer: 5,
  scriptTitles: 6,
  plainTemplate: 3,
  authorised: 6,
} as const;

export interface BuildContext {
  seed: number;
  salt: string;
  registry: Registry;
  lists: BrandLists;
  labelled: LabelledTitles;
  /** Words of real titles (seen at least twice): a generated spelling that is one of them is an ordinary word, not a disguise. */
  vocabulary: Set<string>;
}

export interface BuildResult {
  cases: Case[];
  /** Generated spellings left out because they are ordinary words, other brands or other marks. */
  droppedVariants: number;
  warnings: string[];
}

export function titleVocabulary(titles: RealTitle[]): Set<string> {
  const counts = new Map<string, number>();
  for (const t of titles) for (const w of fold(t.text).match(/\p{L}+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 2).map(([w]) => w));
}

/** The Latin spelling generators work on: the mark, or its first Latin alias for marks registered in another script. */
export function latinBase(mark: Mark): string | undefined {
  return [mark.name, ...mark.aliases].find((n) => /[A-Za-z]/.test(n) && isLatinText(n));
}

class Builder {
  readonly cases: Case[] = [];
  droppedVariants = 0;
  readonly warnings: string[] = [];
  private readonly names: NameIndex<Mark>;
  private readonly brandKeys: Set<string>;

  constructor(private readonly ctx: BuildContext) {
    this.names = new NameIndex(ctx.registry.marks.flatMap((mark) => namesOf(mark).map((name) => [name, mark] as const)));
    this.brandKeys = new Set(allBrandNames(ctx.lists).map(letterKey));
  }

  rng(...keys: string[]): Random {
    return rngFor(this.ctx.seed, this.ctx.registry.key, ...keys);
  }

  markByName(name: string): Mark | undefined {
    return this.ctx.registry.marks.find((m) => m.name === name || m.aliases.includes(name));
  }

  /** Names of any registered mark the text mentions. */
  namedMarks(text: string): Mark[] {
    return this.names.find(text);
  }

  /** A generated spelling stays only if it is not the mark, an ordinary word, another brand, or naming another mark. */
  acceptVariant(mark: Mark, base: string, variant: string): boolean {
    const key = letterKey(variant);
    const ok =
      key !== letterKey(base) &&
      !namesOf(mark).some((n) => letterKey(n) === key) &&
      !this.ctx.vocabulary.has(fold(variant)) &&
      !this.brandKeys.has(key) &&
      this.namedMarks(variant).length === 0;
    if (!ok) this.droppedVariants++;
    return ok;
  }

  add(c: Omit<Case, 'seller' | 'originCountry'> & { seller?: Case['seller'] }, rng: Random): void {
    const seller = c.seller ?? randomSeller(rng);
    this.cases.push({ ...c, seller, originCountry: seller.country });
  }

  /** A positive with `variant` in the place of the mark: a real title naming the mark when there is one (half the time), else a template. */
  addDisguise(family: FamilyId, detail: string | undefined, mark: Mark, base: string, variant: string, rng: Random): void {
    const real = this.ctx.labelled.byMark.get(mark.applicationId)?.filter((t) => mentions(t.text, base)) ?? [];
    if (real.length && rng.chance(0.5)) {
      const title = rng.pick(real);
      const text = replaceMention(title.text, base, variant);
      if (text && this.namedMarks(text).length === 0) {
        const kind = title.kind === 'other' ? rng.pick(mark.goods) : title.kind;
        this.add({ family, detail, expect: 'found', mark, half: mark.half, description: text, variant, hsCode: title.hsCode, value: priceFor(rng, kind) }, rng);
        return;
      }
    }
    const { kind, product } = pickProduct(rng, mark);
    const description = englishTitle(rng, variant, product, kind);
    this.add({ family, detail, expect: 'found', mark, half: mark.half, description, variant, hsCode: product.hsCode, value: priceFor(rng, kind) }, rng);
  }

  /** Calls `make` up to `count` times (with retries) and adds each accepted spelling as a disguise. */
  generate(family: FamilyId, mark: Mark, count: number, make: (rng: Random, base: string) => { text: string; detail?: string } | undefined): void {
    const base = latinBase(mark);
    if (!base) return;
    const rng = this.rng(family, mark.name);
    const seen = new Set<string>();
    for (let attempt = 0; attempt < count * 6 && seen.size < count; attempt++) {
      const v = make(rng, base);
      if (!v || seen.has(v.text) || !this.acceptVariant(mark, base, v.text)) continue;
      seen.add(v.text);
      this.addDisguise(family, v.detail, mark, base, v.text, rng);
    }
  }
}

function disguises(b: Builder, marks: Mark[]): void {
  for (const mark of marks) {
    b.generate('lookalike-uts39', mark, PER_MARK.lookalikeUts39, (rng, base) => {
      const v = lookalikeVariant(rng, base, 'uts39', 1);
      return v && { text: v.text, detail: v.replaced[0]!.group };
    });
    b.generate('lookalike-beyond', mark, PER_MARK.lookalikeBeyond, (rng, base) => {
      const v = lookalikeVariant(rng, base, 'beyond', 1);
      return v && { text: v.text, detail: v.replaced[0]!.group };
    });
    b.generate('lookalike-several', mark, PER_MARK.lookalikeSeveral, (rng, base) => lookalikeVariant(rng, base, 'any', rng.chance(0.5) ? 2 : 3));
    b.generate('script-word', mark, PER_MARK.scriptWord, (rng, base) => scriptWordVariant(rng, base));
    b.generate('mixed-script', mark, PER_MARK.mixedScript, (rng, base) => mixedScriptVariant(rng, base));
    b.generate('lookalike-leet', mark, PER_MARK.lookalikeLeet, (rng, base) => lookalikeLeetVariant(rng, base));
    b.generate('keyboard', mark, PER_MARK.keyboard, (rng, base) => {
      const v = keyboardTypo(rng, base);
      return v && { text: v.text, detail: v.op };
    });
    b.generate('two-edit', mark, PER_MARK.twoEdit, (rng, base) => {
      const v = twoEditVariant(rng, base);
      return v && { text: v.text, detail: v.ops.join('+') };
    });
    b.generate('phonetic', mark, PER_MARK.phonetic, (rng, base) => {
      const v = phoneticVariant(rng, base);
      return v && { text: v.text, detail: v.rules.join('+') };
    });
    b.generate('knockoff-generated', mark, PER_MARK.knockoff, (rng, base) => {
      const v = knockoffVariant(rng, base);
      return v && { text: v.text, detail: v.style };
    });
  }
}

function marketKnockoffs(b: Builder): void {
  for (const [name, spellings] of Object.entries(MARKET_KNOCKOFFS)) {
    const mark = b.markByName(name);
    if (!mark) continue;
    const rng = b.rng('knockoff-market', name);
    // Two listings per spelling: one template and (where the mark has one) one real title.
    for (const spelling of spellings) for (let i = 0; i < 2; i++) b.addDisguise('knockoff-market', name, mark, name, spelling, rng);
  }
}

function permutationTool(b: Builder, marks: Mark[]): void {
  for (const mark of marks) {
    const base = latinBase(mark);
    if (!base) continue;
    const family: FamilyId = letterKey(base).length >= 5 ? 'permutation-5plus' : 'permutation-short';
    for (const fuzzer of FUZZERS) {
      const rng = b.rng('permutation', fuzzer, mark.name);
      // Drawn in a random order until enough are accepted: the homoglyph fuzzer alone makes thousands.
      let taken = 0;
      for (const v of shuffle(rng, permutations(base, fuzzer))) {
        if (taken === PER_MARK.permutationsPerFuzzer) break;
        if (!b.acceptVariant(mark, base, v)) continue;
        b.addDisguise(family, fuzzer, mark, base, v, rng);
        taken++;
      }
    }
  }
}

function scriptTitles(b: Builder, marks: Mark[]): void {
  for (const mark of marks) {
    for (const { text: name, script } of mark.scriptNames) {
      const rng = b.rng('script-title', name);
      for (let i = 0; i < PER_MARK.scriptTitles; i++) {
        const { kind, product } = pickProduct(rng, mark);
        const positive = scriptTitle(rng, script, product, name);
        if (b.namedMarks(positive).every((m) => m === mark)) {
          b.add({ family: 'script-title', detail: script, expect: 'found', mark, half: mark.half, description: positive, variant: name, hsCode: product.hsCode, value: priceFor(rng, kind) }, rng);
        }
        const negative = scriptTitle(rng, script, product, undefined);
        if (b.namedMarks(negative).length === 0) {
          b.add({ family: 'script-clean', detail: script, expect: 'clean', mark, half: mark.half, description: negative, hsCode: product.hsCode, value: priceFor(rng, kind) }, rng);
        }
      }
    }
  }
}

function plainMentions(b: Builder, ctx: BuildContext): void {
  const rng = b.rng('plain-real');
  for (const { title, mark } of ctx.labelled.plain) {
    const kind: GoodsKind = title.kind === 'other' ? mark.goods[0]! : title.kind;
    b.add({ family: 'plain-real', expect: 'found', mark, half: mark.half, description: title.text, hsCode: title.hsCode, value: priceFor(rng, kind) }, rng);
  }
  for (const mark of ctx.registry.marks) {
    const r = b.rng('plain-template', mark.name);
    const names = [mark.name, ...mark.aliases.filter((a) => isLatinText(a))];
    for (let i = 0; i < PER_MARK.plainTemplate; i++) {
      const name = i === PER_MARK.plainTemplate - 1 && names.length > 1 ? r.pick(names.slice(1)) : mark.name;
      const { kind, product } = pickProduct(r, mark);
      const description = englishTitle(r, name, product, kind);
      if (b.namedMarks(description).some((m) => m !== mark)) continue;
      b.add({ family: 'plain-template', expect: 'found', mark, half: mark.half, description, variant: name, hsCode: product.hsCode, value: priceFor(r, kind) }, r);
    }
  }
}

const AUTHORISED_COUNTRIES = ['NL', 'IT', 'FR', 'DE', 'CH', 'IE', 'ES', 'DK'];

function authorisedListings(b: Builder, marks: Mark[]): void {
  for (const mark of marks.filter((m) => m.authorizedSellers.length)) {
    const rng = b.rng('authorised', mark.name);
    const products = mark.goods.flatMap((kind) => GOODS[kind].products.map((product) => ({ kind, product })));
    const floored = mark.priceFloors.flatMap((f) => products.filter((p) => p.product.hsCode.startsWith(f.hsCode)).map((p) => ({ ...p, floor: f.value })));
    for (let i = 0; i < PER_MARK.authorised; i++) {
      const pick = floored.length ? rng.pick(floored) : { ...rng.pick(products), floor: 0 };
      const [, high] = GOODS[pick.kind].price;
      const value = Math.round(Math.max(pick.floor, high) * (1 + rng.next()) * 100) / 100;
      const seller = { name: rng.pick(mark.authorizedSellers), country: rng.pick(AUTHORISED_COUNTRIES) };
      const description = englishTitle(rng, mark.name, pick.product, pick.kind);
      b.add({ family: 'authorised', expect: 'released', mark, half: mark.half, description, variant: mark.name, hsCode: pick.product.hsCode, value, seller }, rng);
    }
  }
}

function negatives(b: Builder, ctx: BuildContext): void {
  const rng = b.rng('negatives');
  for (const title of ctx.labelled.clean) {
    const kind: GoodsKind = title.kind === 'other' ? 'computers' : title.kind;
    b.add({ family: 'clean-real', detail: title.source, expect: 'clean', half: halfOf(title.text, ctx.salt), description: title.text, hsCode: title.hsCode, value: priceFor(rng, kind) }, rng);
  }
  const phrase = (family: 'homonym' | 'near-phrase', list: [string, string, string][]) => {
    for (const [name, description, hsCode] of list) {
      const mark = b.markByName(name);
      if (!mark) continue;
      const onGoods = mark.hsCodes.some((p) => hsCode.startsWith(p));
      if (onGoods !== (family === 'near-phrase')) {
        b.warnings.push(`${family} "${description}" (${hsCode}) is ${onGoods ? '' : 'not '}on ${name}'s goods ${mark.hsCodes.join(',')}: left out`);
        continue;
      }
      b.add({ family, expect: 'clean', mark, half: mark.half, description, hsCode, value: 5 + Math.round(rng.next() * 6000) / 100 }, rng);
    }
  };
  phrase('homonym', HOMONYMS);
  phrase('near-phrase', NEAR_PHRASES);
  for (const [description, hsCode] of GENERIC_NEAR_PHRASES) {
    if (!ctx.registry.marks.some((m) => m.hsCodes.some((p) => hsCode.startsWith(p)))) continue;
    b.add({ family: 'near-phrase', detail: 'generic', expect: 'clean', half: halfOf(description, ctx.salt), description, hsCode, value: 5 + Math.round(rng.next() * 6000) / 100 }, rng);
  }
  const near = [
    ...listNearBrands(ctx.lists, ctx.registry.marks).map(({ mark, brand }) => ({ mark, brand, kind: undefined as GoodsKind | undefined })),
    ...HAND_NEAR_BRANDS.flatMap(([name, brand, kind]) => {
      const mark = b.markByName(name);
      return mark ? [{ mark, brand, kind: kind as GoodsKind | undefined }] : [];
    }),
  ];
  for (const { mark, brand, kind: ownKind } of near) {
    const r = b.rng('near-brand', mark.name, brand);
    for (let i = 0; i < 2; i++) {
      const kind = ownKind && i === 0 ? ownKind : r.pick(mark.goods);
      const product = r.pick(GOODS[kind].products);
      const description = englishTitle(r, brand, product, kind);
      if (b.namedMarks(description).length) continue;
      b.add({ family: 'near-brand', detail: brand, expect: 'clean', mark, half: mark.half, description, variant: brand, hsCode: product.hsCode, value: priceFor(r, kind) }, r);
    }
  }
}

export function buildCases(ctx: BuildContext): BuildResult {
  const b = new Builder(ctx);
  const marks = ctx.registry.marks;
  disguises(b, marks);
  marketKnockoffs(b);
  permutationTool(b, marks);
  scriptTitles(b, marks);
  plainMentions(b, ctx);
  authorisedListings(b, marks);
  negatives(b, ctx);
  return { cases: b.cases, droppedVariants: b.droppedVariants, warnings: b.warnings };
}
