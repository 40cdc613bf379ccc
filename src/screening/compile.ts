/**
 * Compiles a registry bundle once per version into the indexes screening needs: mark keys by
 * skeleton, a one-edit deletion index, phonetic codes, sellers, slang, goods and money rules.
 * Screening never compares a description with every mark.
 */
import { buildKeyFilter } from './key-filter.ts';
import { doubleMetaphone } from 'double-metaphone';
import { bigramsOf, osaDistance, type Bigrams } from './dice.ts';
import { companyKey, companyTokens } from './company.ts';
import { GENERIC_PRODUCT_WORDS } from './goods.ts';
import { deletionHashes, oneDeletionHashes } from './deletion-hash.ts';
import { addPosting, HashPostings, postingsBuilder } from './hash-postings.ts';
import { joinLooseKeys, looseSoundKey, soundKey } from './edits.ts';
import { analyseText, keyOf, tokenize, type Token } from './normalize.ts';
import { phrasesOf, type Phrase } from './phrases.ts';
import type { RegistryBundle, RiskLevel, Scoring } from '../domain/registry.ts';
import { commonWordSkeletons, isCommonWord } from './words.ts';

export interface MarkEntry {
  /** The registered mark this name stands for. */
  mark: string;
  /** The name matched: the mark itself or one of its aliases. */
  name: string;
  isAlias: boolean;
  applicationId: string;
  holder: string;
  hsCodes: string[];
  key: string;
  /** The key with doubled letters kept, for the second deletion index. */
  rawKey: string;
  /** The letters with look-alikes and leet read and nothing else folded (see spelledOf). */
  spelled: string;
  plain: string;
  tokenCount: number;
  /** Two or three letters (LV, CK, JBL, UGG): whole tokens only, never fuzzy. */
  short: boolean;
  /** An ordinary word (Apple, Coach, Guess): counts only with context. */
  wordMark: boolean;
  /** A product word of its own goods (a "polo" shirt): counts only as part of a longer name or disguised. */
  genericProduct: boolean;
  bigrams: Bigrams;
  phonetic: string[];
  /**
   * The script the name is written in, which decides how it is found: `latin` by skeleton (and
   * through look-alikes and transliteration from any script), `native` (Cyrillic, Greek, Arabic …)
   * by its own letters word by word, `unspaced` (Chinese, Japanese, Korean, Thai) by characters.
   */
  script: 'latin' | 'native' | 'unspaced';
  /** Letters of the name as written (plain, without spaces): what the edit allowance is measured on. */
  letters: number;
  /** The sound of a one-word name (see soundKey), '' when too short. */
  sound: string;
  /** Learnt from a customs outcome: a known knock-off spelling, never the genuine name. */
  learnt?: { parcelId?: number; itemId?: string; officer: string; learntAt: string };
  /** Phrases in which the name is not the mark: the holder's and customs' own, and the general ones. */
  notThisMark: Phrase[];
  /** The mark's own words are all ordinary words (Off-White, New Balance, Big Bang): found only as written, never by edits across words. */
  ordinaryWords: boolean;
}

export interface CompiledApplication {
  id: string;
  holder: string;
  authorizedSellerKeys: Set<string>;
  priceFloors: { hsCode: string; value: number; currency: string }[];
}

export interface CompiledKeyword {
  term: string;
  risk: RiskLevel;
  weight: number | null;
  /** literal: matched as text (1:1, AAA+); skeleton: token sequence of skeletons; plain: token sequence of plain words. */
  mode: 'literal' | 'skeleton' | 'plain';
  tokens: string[];
  pattern: RegExp | null;
}

export interface WatchedSeller {
  name: string;
  key: string;
  country: string | null;
  risk: RiskLevel;
  reason: string | null;
  bigrams: Bigrams;
}

export interface CompiledRegistry {
  version: number;
  compiledFor: string;
  entries: MarkEntry[];
  exact: Map<string, MarkEntry[]>;
  /** Bits of the keys of `exact` (key-filter.ts): most windows are no key and skip the lookup. */
  exactFilter: Uint32Array;
  /** Names written in a script of their own with spaces (Cyrillic, Greek …), by their plain letters. */
  native: Map<string, MarkEntry[]>;
  /** Names in unspaced scripts, by their first two characters; the rest is compared in place. */
  unspaced: Map<string, MarkEntry[]>;
  /**
   * Skeletons of marks of four letters or more and their one-letter deletions, by hash
   * (deletion-hash.ts): a window one edit away shares one of them with one of its own.
   */
  near1: HashPostings<MarkEntry>;
  /** Skeletons of marks of six letters or more with their one- and two-letter deletions, by hash (deletion-hash.ts): candidates two edits away. */
  deletes2: HashPostings<MarkEntry>;
  /** Sound keys of one-word names of four letters or more. */
  sounds: Map<string, MarkEntry[]>;
  /** Loose sound keys (vowels as one sound) of names of five letters or more, up to three words. */
  looseSounds: Map<string, MarkEntry[]>;
  /** Every beginning of a loose sound key: a window whose first word's sound begins none is skipped at once. */
  looseStarts: Set<string>;
  /** One-word names of five letters or more by their letters sorted: letters exchanged anywhere ("Cugci"). */
  anagrams: Map<string, MarkEntry[]>;
  /** Words of four letters or more of names of several words (skeletons): a window holding one may be two slips from the name ("Ralph Aren"). */
  markWords: Set<string>;
  /** One-letter deletions of the keys with doubled letters kept ("Addas" for Adidas). */
  rawDeletes: Map<string, MarkEntry[]>;
  phonetic: Map<string, MarkEntry[]>;
  maxKeyLength: number;
  /** HS prefixes some registered mark protects: goods counterfeiters care about. */
  protectedHs: string[];
  applications: Map<string, CompiledApplication>;
  keywords: CompiledKeyword[];
  watchedByKey: Map<string, WatchedSeller[]>;
  watchedByToken: Map<string, WatchedSeller[]>;
  hazardousHs: string[];
  originRisk: Map<string, RiskLevel>;
  deMinimis: { value: number; currency: string };
  deMinimisByCountry: Map<string, { value: number; currency: string }>;
  rates: { base: string; rates: Map<string, number> } | null;
  scoring: Scoring;
  warnings: string[];
  /** Edit candidates and their weighed costs by window spelling: the same words recur across descriptions. Per thread, bounded. */
  editCache: Map<string, { entry: MarkEntry; cost: number }[]>;
  /** Sound keys and loose sound keys by plain word (see soundKey). Per thread, bounded. */
  soundCache: Map<string, string>;
  looseCache: Map<string, string>;
}

/** Adds `value` under `key` once. Each entry's keys are pushed one after another, so a repeat is the list's last element. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

export function deletions(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/** The letters of a key in alphabetical order: the same for every order of them. */
export function sortedLetters(key: string): string {
  return [...key].sort().join('');
}

/** A name's tokens, how it is written and how it is found (see MarkEntry.script). */
function describeName(name: string): { tokens: Token[]; script: MarkEntry['script']; key: string } {
  const { tokens, runs } = analyseText(name);
  if (runs.length > 0) return { tokens, script: 'unspaced', key: runs.map((r) => r.text).join('') };
  if (tokens.some((t) => t.translit !== undefined)) return { tokens, script: 'native', key: tokens.map((t) => t.plain).join('') };
  return { tokens, script: 'latin', key: tokens.map((t) => t.skel).join('') };
}

/** Double Metaphone codes (primary and alternate, deduplicated) of a word of five letters or more. */
export function phoneticCodes(plain: string): string[] {
  const letters = plain.replace(/[^a-z]/g, '');
  if (letters.length < 5) return [];
  const [primary, alternate] = doubleMetaphone(letters);
  return [...new Set([primary, alternate].filter((c): c is string => Boolean(c)))];
}

function compileKeyword(term: string, risk: RiskLevel, weight: number | null): CompiledKeyword {
  const lower = term.normalize('NFKC').toLowerCase();
  if (/[^\p{L}\p{N}\s]/u.test(lower)) {
    const escaped = lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
    // Bounded by anything that is not a letter or digit, so "1:1" does not fire inside "11:15".
    return { term, risk, weight, mode: 'literal', tokens: [], pattern: new RegExp(`(?<![\\p{L}\\p{N}:])${escaped}(?![\\p{L}\\p{N}:])`, 'u') };
  }
  const tokens = tokenize(term);
  const longAlpha = tokens.every((t) => /^[a-z]+$/.test(t.plain) && t.plain.length >= 5);
  return longAlpha
    ? { term, risk, weight, mode: 'skeleton', tokens: tokens.map((t) => t.skel), pattern: null }
    : { term, risk, weight, mode: 'plain', tokens: tokens.map((t) => t.plain), pattern: null };
}

/** Applications in force on `date` (YYYY-MM-DD): validFrom <= date < validUntil. */
export function isActive(app: { validFrom: string; validUntil: string }, date: string): boolean {
  return app.validFrom <= date && date < app.validUntil;
}

export function compileRegistry(bundle: RegistryBundle, version: number, date: string): CompiledRegistry {
  const exact = new Map<string, MarkEntry[]>();
  const near1 = postingsBuilder();
  const rawDeletes = new Map<string, MarkEntry[]>();
  const phonetic = new Map<string, MarkEntry[]>();
  const entries: MarkEntry[] = [];
  const applications = new Map<string, CompiledApplication>();
  const warnings: string[] = [];

  const native = new Map<string, MarkEntry[]>();
  const unspaced = new Map<string, MarkEntry[]>();
  const deletes2 = postingsBuilder();
  const sounds = new Map<string, MarkEntry[]>();
  const looseSounds = new Map<string, MarkEntry[]>();
  const looseStarts = new Set<string>();
  const anagrams = new Map<string, MarkEntry[]>();
  const markWords = new Set<string>();
  for (const app of bundle.applications) {
    if (!isActive(app, date)) continue;
    applications.set(app.id, {
      id: app.id,
      holder: app.holder.name,
      authorizedSellerKeys: new Set(app.authorizedSellers.map(companyKey)),
      priceFloors: app.priceFloors,
    });
    for (const tm of app.trademarks) {
      // "The North Face" is mostly written "North Face": a leading article is optional.
      const withoutArticle = (n: string) => (/^the\s+\S+\s+\S+/i.test(n) ? [[n.replace(/^the\s+/i, ''), true] as const] : []);
      const names = [[tm.mark, false] as const, ...withoutArticle(tm.mark), ...tm.aliases.flatMap((a) => [[a, true] as const, ...withoutArticle(a)])];
      const learnt = app.learntAliases.filter((l) => l.mark === tm.mark);
      const notThisMark = phrasesOf(tm.notThisMark);
      const named: [string, boolean, MarkEntry['learnt']][] = [
        ...names.map(([n, a]) => [n, a, undefined] as [string, boolean, MarkEntry['learnt']]),
        ...learnt.map((l) => [l.alias, true, { ...(l.parcelId !== undefined ? { parcelId: l.parcelId } : {}), ...(l.itemId ? { itemId: l.itemId } : {}), officer: l.officer, learntAt: l.learntAt }] as [string, boolean, MarkEntry['learnt']]),
      ];
      for (const [name, isAlias, learntFrom] of named) {
        const { tokens: nameTokens, script, key } = describeName(name);
        if ([...key].length < 2) {
          warnings.push(`${app.id}: "${name}" is too short to match and is ignored`);
          continue;
        }
        const plain = nameTokens.map((t) => t.plain).join('');
        const tokenCount = nameTokens.length;
        const rawKey = nameTokens.map((t) => t.raw).join('');
        const spelled = nameTokens.map((t) => t.spelled).join('');
        const entry: MarkEntry = {
          mark: tm.mark,
          name,
          isAlias,
          applicationId: app.id,
          holder: app.holder.name,
          hsCodes: tm.hsCodes,
          key,
          rawKey,
          spelled,
          plain,
          tokenCount,
          // Two or three letters as written, or an ordinary word folding to three ("Boss"); "Fila" folds to a three-letter key (l/i) but is a four-letter name, slips and all.
          short: script === 'latin' && key.length <= 3 && (plain.length <= 3 || isCommonWord(plain)),
          wordMark: script === 'latin' && tokenCount === 1 && isCommonWord(plain),
          genericProduct: tokenCount === 1 && GENERIC_PRODUCT_WORDS.has(plain),
          bigrams: bigramsOf(key),
          phonetic: script === 'latin' && tokenCount <= 2 && !learntFrom ? phoneticCodes(plain) : [],
          script,
          letters: script === 'unspaced' ? [...key].length : plain.replace(/[^\p{L}\p{N}]/gu, '').length,
          sound: script === 'latin' && tokenCount === 1 && !learntFrom ? soundKey(plain) : '',
          notThisMark,
          ordinaryWords: script === 'latin' && tokenCount > 1 && nameTokens.every((t) => isCommonWord(t.plain)),
        };
        if (learntFrom) entry.learnt = learntFrom;
        entries.push(entry);
        if (script === 'unspaced') {
          push(unspaced, key.slice(0, 2), entry);
          continue;
        }
        if (script === 'native') {
          push(native, key, entry);
          continue;
        }
        push(exact, key, entry);
        // Learnt spellings are matched as they were seen (and through the fold), not by edits.
        if (learntFrom) continue;
        if (!entry.short && plain.length >= 4) {
          const { hashes, count } = oneDeletionHashes(key);
          for (let k = 0; k < count; k++) addPosting(near1, hashes[k]!, entries.length - 1);
          for (const d of deletions(rawKey)) if (d !== key) push(rawDeletes, d, entry);
        }
        // Two slips are read only on marks of six letters or more (five-letter ones get one: edits.ts).
        if (entry.letters >= 6 && key.length >= 6 && !entry.ordinaryWords) {
          const { hashes, count } = deletionHashes(key);
          for (let k = 0; k < count; k++) addPosting(deletes2, hashes[k]!, entries.length - 1);
        }
        if (entry.sound && entry.letters >= 4 && !entry.wordMark) push(sounds, entry.sound, entry);
        const loose = entry.letters >= 5 && tokenCount <= 3 && !entry.wordMark && !entry.ordinaryWords ? joinLooseKeys(nameTokens.map((t) => looseSoundKey(soundKey(t.plain)))) : '';
        if (loose) {
          push(looseSounds, loose, entry);
          for (let k = 1; k <= loose.length; k++) looseStarts.add(loose.slice(0, k));
        }
        if (tokenCount === 1 && entry.letters >= 5) push(anagrams, sortedLetters(rawKey), entry);
        if (tokenCount > 1 && entry.letters >= 8 && !entry.ordinaryWords) for (const t of nameTokens) if (t.plain.length >= 4) markWords.add(t.skel);
        for (const code of entry.phonetic) push(phonetic, code, entry);
        if (entry.wordMark) warnings.push(`${app.id}: "${name}" is an ordinary word; it counts only with goods or other context`);
      }
    }
  }

  // Folding creates collisions: a mark whose skeleton is, or is one edit from, an ordinary word
  // (Swatch/watch, iPhone/phone, Caar/car) would fire on plain descriptions. Say so at compile time.
  const byKey = commonWordSkeletons(keyOf);
  for (const e of entries) {
    if (e.wordMark || e.script !== 'latin' || e.learnt) continue;
    const same = byKey.get(e.key);
    if (same && same !== e.plain) warnings.push(`"${e.name}" folds to the same skeleton as the word "${same}"`);
    else
      for (const d of !e.short && e.key.length >= 5 ? deletions(e.key) : []) {
        const near = byKey.get(d);
        if (near && osaDistance(keyOf(near), e.key, 1) <= 1) {
          warnings.push(`"${e.name}" is one edit from the word "${near}"; plain uses of the word are not taken for the mark`);
          break;
        }
      }
  }

  const watchedByKey = new Map<string, WatchedSeller[]>();
  const watchedByToken = new Map<string, WatchedSeller[]>();
  for (const w of bundle.indicators.watchedSellers) {
    const key = companyKey(w.name);
    if (!key) continue;
    const seller: WatchedSeller = { name: w.name, key, country: w.country ?? null, risk: w.risk, reason: w.reason ?? null, bigrams: bigramsOf(key) };
    push(watchedByKey, key, seller);
    for (const t of companyTokens(w.name)) if (t.length >= 3) push(watchedByToken, t, seller);
  }

  const { indicators } = bundle;
  return {
    version,
    compiledFor: date,
    entries,
    exact,
    exactFilter: buildKeyFilter(exact.keys()),
    native,
    unspaced,
    near1: new HashPostings(near1, entries),
    deletes2: new HashPostings(deletes2, entries),
    sounds,
    looseSounds,
    looseStarts,
    anagrams,
    markWords,
    rawDeletes,
    phonetic,
    maxKeyLength: entries.reduce((m, e) => Math.max(m, e.key.length), 0),
    protectedHs: [...new Set(entries.flatMap((e) => e.hsCodes))],
    applications,
    keywords: indicators.keywords.map((k) => compileKeyword(k.term, k.risk, k.weight ?? null)),
    watchedByKey,
    watchedByToken,
    hazardousHs: indicators.hazardousHsCodes,
    originRisk: new Map(indicators.originRisk.map((o) => [o.country, o.risk])),
    deMinimis: indicators.deMinimis,
    deMinimisByCountry: new Map(indicators.deMinimisByCountry.map((d) => [d.country, { value: d.value, currency: d.currency }])),
    rates: indicators.exchangeRates
      ? { base: indicators.exchangeRates.base, rates: new Map(Object.entries(indicators.exchangeRates.rates).map(([c, r]) => [c.toUpperCase(), r])) }
      : null,
    scoring: indicators.scoring,
    warnings,
    editCache: new Map(),
    soundCache: new Map(),
    looseCache: new Map(),
  };
}

/** The kinds of compile warnings, each recognised by its wording (the warnings stay sentences for people and the API). */
const WARNING_KINDS: [kind: string, pattern: RegExp][] = [
  ['ordinary word', /is an ordinary word;/],
  ['one edit from a word', /is one edit from the word/],
  ['same skeleton as a word', /folds to the same skeleton as the word/],
  ['too short', /is too short to match/],
];

export function warningKind(warning: string): string {
  return WARNING_KINDS.find(([, pattern]) => pattern.test(warning))?.[0] ?? 'other';
}

/** One line for many warnings: "1,537 warnings: 1,204 ordinary word, 318 one edit from a word, 15 too short". */
export function summariseWarnings(warnings: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(warningKind(w), (counts.get(warningKind(w)) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`);
  return `${warnings.length.toLocaleString('en-US')} warning${warnings.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Converts money between currencies through the registry's rates; null when a rate is missing. */
export function convert(registry: CompiledRegistry, value: number, from: string, to: string): number | null {
  if (from === to) return value;
  const rates = registry.rates;
  if (!rates) return null;
  const inBase = from === rates.base ? value : rates.rates.has(from) ? value * rates.rates.get(from)! : null;
  if (inBase === null) return null;
  if (to === rates.base) return inBase;
  const toRate = rates.rates.get(to);
  return toRate ? inBase / toRate : null;
}
