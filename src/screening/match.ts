/**
 * Finds mentions of registered marks in a text. Latin-script marks: windows of one to four
 * adjacent tokens, joined, looked up by skeleton (exact, which sees through look-alike letters of
 * any script), by transliteration (a Latin mark written in Cyrillic or Greek), through the one-
 * and two-edit deletion indexes (weighed by edits.ts), and by sound. Marks written in another
 * script: by their own letters (Cyrillic, Greek … word by word, Chinese, Japanese, Korean, Thai
 * by characters inside the text). Each mention says where it is in the original text, how close
 * it is (Dice), and whether its spelling departs from the mark's (a disguise: genuine sellers
 * write the brand correctly). Every index is built at compile time: nothing here walks the marks.
 */
import { dice } from './dice.ts';
import { extendKeyHash, KEY_HASH_SEED, mayBeKey } from './key-filter.ts';
import { deletionHashes, oneDeletionHashes } from './deletion-hash.ts';
import { phoneticCodes, sortedLetters, type CompiledRegistry, type MarkEntry } from './compile.ts';
import { contextBudget, costBudget, disguiseCost, joinLooseKeys, lastEdits, looseSoundKey, soundKey } from './edits.ts';
import { skeletonOf, type TextAnalysis, type Token } from './normalize.ts';
import { COLOUR_WORDS, CYRILLIC_PREPOSITIONS, DETERMINERS, GENERAL_PHRASES_BY_WORD, insidePhrase, MATERIAL_WORDS, MODIFIER_WORDS, PATTERN_WORDS, PLACE_WORDS, BREED_WORDS } from './phrases.ts';
import { commonWords, isCommonWord, isCoreWord, isKnownWord, wordClass } from './words.ts';

export type MatchMethod = 'exact' | 'folded' | 'edit' | 'phonetic' | 'sound' | 'transliterated' | 'script' | 'learnt';

export interface Mention {
  entry: MarkEntry;
  start: number;
  end: number;
  /** Dice coefficient between the window's skeleton and the mark's. */
  similarity: number;
  method: MatchMethod;
  /** The spelling departs from the mark's: look-alikes, leet, spacing, doubled, dropped or swapped letters. */
  disguised: boolean;
  /** Tokens of the text the mention covers; -1/0 for a mention inside a run of an unspaced script. */
  tokenIndex: number;
  tokenCount: number;
  /**
   * A slip of a short mark ("Poma" for Puma) or a rarer English word read as a mark ("Sonny" for
   * Sony): it counts only where the goods (declared code and words) or other signals back it.
   */
  needsContext?: boolean;
  /** The weighted departure from the mark's spelling (edits.ts), for mentions found by edits. */
  cost?: number;
  /**
   * A far departure (edits.ts contextBudget) or a mark glued into a longer word: it counts only
   * where the declared code and the words both name the mark's goods.
   */
  needsGoods?: boolean;
  /** A mark of a spaced script of its own found through a case ending ("алмазом" for Алмаз). */
  inflected?: boolean;
}

const MAX_WINDOW = 4;
const ROMAN_NUMERALS = new Set(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv']);
/** Cyrillic case endings: "Алмаза", "Алмазом" are the mark Алмаз. Longest first. */
const NATIVE_ENDINGS = ['ами', 'ями', 'ого', 'его', 'ому', 'ему', 'ах', 'ях', 'ам', 'ям', 'ом', 'ем', 'ой', 'ей', 'ов', 'ев', 'а', 'я', 'у', 'ю', 'е', 'ы', 'и', 'о'];

interface Candidate {
  entry: MarkEntry;
  cost: number;
  /** Beyond the plain budget, within the context budget (edits.ts): counts only where the goods back it. */
  context?: boolean;
}

const NONE: Candidate[] = [];
const EDIT_CACHE_MAX = 200_000;

/** Marks one deletion away in the skeleton or the doubled-letters-kept key: candidates to weigh. */
function addAll(found: Set<MarkEntry>, list: MarkEntry[] | undefined) {
  if (list) for (const e of list) found.add(e);
}

/**
 * Marks one edit away: the window's key and its one-letter deletions against the marks' keys and
 * theirs, all as hashes (a letter dropped, added, changed, or two swapped), and the doubled-
 * letters-kept key for a dropped letter that left a double ("Addas").
 */
function oneEditCandidates(registry: CompiledRegistry, key: string, rawKey: string, found: Set<MarkEntry>) {
  const index = registry.near1;
  const { hashes, count } = oneDeletionHashes(key);
  for (let k = 0; k < count; k++) addAll(found, index.get(hashes[k]!));
  if (rawKey !== key) addAll(found, registry.rawDeletes.get(rawKey));
}

/**
 * Marks of six letters or more up to two deletions either side (two slips: "Abibas", "Dadiads").
 * `deletes2` holds the hashes of the marks' own keys and of their one- and two-letter deletions,
 * so each deletion of the window's key is one integer lookup; repeats only re-add to the set.
 */
function twoEditCandidates(registry: CompiledRegistry, key: string, found: Set<MarkEntry>) {
  const index = registry.deletes2;
  const { hashes, count } = deletionHashes(key);
  for (let k = 0; k < count; k++) {
    const list = index.get(hashes[k]!);
    if (list) for (const e of list) found.add(e);
  }
}

/** The marks a window's spelling could be a slip of, each with its weighed cost. Cached per spelling. */
interface Spelling {
  key: string;
  rawKey: string;
  spelled: string;
  plain: string;
  single: boolean;
  /** Two words, one of them a word of a name of several words: two slips are looked for as in one word. */
  anchored?: boolean;
}

function editCandidates(registry: CompiledRegistry, key: string, rawKey: string, spelled: string, plain: string, single: boolean, anchored: boolean): Candidate[] {
  // The spelled letters determine the other keys. Joined words get fewer edits, so their answers are kept apart.
  const cacheKey = single ? spelled : `${anchored ? '*' : '+'}${spelled}`;
  let cached = registry.editCache.get(cacheKey);
  if (cached) return cached;
  // Most calls are answered by the cache above: the spelling is built only for a miss.
  const w: Spelling = { key, rawKey, spelled, plain, single, anchored };
  const found = new Set<MarkEntry>();
  oneEditCandidates(registry, key, rawKey, found);
  // Letters exchanged anywhere in one word ("Cugci", "Niek"): one lookup by its sorted letters.
  if (single && rawKey.length >= 5) for (const e of registry.anagrams.get(sortedLetters(rawKey)) ?? []) found.add(e);
  // Whether the window is an English word, asked only where an answer depends on it: the word-list
  // lookup of a joined window ("blackblue") was a third of this function's cost (profile, issue 13).
  let known: boolean | undefined;
  const isKnown = () => (known ??= plain.length >= 5 && isKnownWord(plain));
  // Two slips in one word, or in the words of a long mark, when one slip found nothing; never for a real English word.
  const twoEdits = () => key.length >= 6 && key.length <= 16 && plain.length >= 6 && !/\d/.test(plain) && !isKnown();
  // Most joined windows have no mark one edit away (41,000 of 49,000 misses on the realistic registry): nothing to weigh.
  let out = found.size === 0 ? [] : weigh(found, w, !single && twoEdits() ? 'long' : false);
  // The two-deletion search, for one word only: across words it would run for every window.
  if (out.length === 0 && (single || anchored) && twoEdits()) {
    const far = new Set<MarkEntry>();
    twoEditCandidates(registry, key, far);
    out = weigh(far, w, true);
  }
  // A prefix or suffix glued on ("TopAsics", "HiMoncler", "Calvin Kleinie"): the mark whole inside one word.
  if (out.length === 0 && single && key.length >= 6 && !isKnown()) out = affixed(registry, key, plain);
  cached = out.length ? out : NONE;
  if (registry.editCache.size >= EDIT_CACHE_MAX) registry.editCache.clear();
  registry.editCache.set(cacheKey, cached);
  return cached;
}

const AFFIX_COST = 0.6;

/** Particles glued before a mark by knock-off sellers ("HiPhone", "TopAsics", "SuperSony", "MrAlways", "NeoShell"). */
const GLUED_PREFIXES = new Set(['hi', 'top', 'neo', 'super', 'mr', 'my', 'new', 'pro', 'max', 'best', 'cool', 'mini', 'maxi', 'king', 'sun']);

/**
 * Marks whole inside a longer word, with one to three letters glued before or after, or a knock-
 * off particle before ("TopFila", "SuperSony"). A mark of four letters or an ordinary word (a
 * glued word is often a compound: "GameLink", "LunarGlide", "Glasgow") only behind a particle,
 * and then only where the goods back it.
 */
function affixed(registry: CompiledRegistry, key: string, plain: string): Candidate[] {
  const out: Candidate[] = [];
  for (let k = 1; k <= 5 && key.length - k >= 3; k++) {
    const particle = GLUED_PREFIXES.has(plain.slice(0, k));
    for (const part of k <= 3 ? [key.slice(k), key.slice(0, -k)] : [key.slice(k)]) {
      const prefix = part !== key.slice(0, -k);
      for (const e of registry.exact.get(part) ?? []) {
        if (e.short || e.learnt || e.script !== 'latin' || e.tokenCount !== 1 || e.letters < 4 || plain === e.plain || out.some((c) => c.entry === e)) continue;
        const plainMark = !e.wordMark && e.letters >= 5 && k <= 3;
        if (plainMark) out.push({ entry: e, cost: AFFIX_COST });
        else if (prefix && particle) out.push({ entry: e, cost: AFFIX_COST, context: true });
      }
    }
  }
  return out;
}

/**
 * Weighs candidates against the budget for their length (edits.ts), on the shape-folded letters
 * and on the letters as spelled, whichever is closer ("GoLro" is a keyboard slip of GoPro before
 * l/i folding makes it look further). Joined words get one edit, or two on marks of ten letters
 * or more (`twoEdits` 'long').
 */
function weigh(found: Set<MarkEntry>, w: Spelling, twoEdits: boolean | 'long'): Candidate[] {
  const out: Candidate[] = [];
  for (const e of found) {
    if (e.short || e.learnt || e.script !== 'latin' || e.letters < 4) continue;
    const allowTwo = twoEdits === true || (twoEdits === 'long' && e.letters >= 10);
    const one = contextBudget(e.letters, 1);
    const two = allowTwo ? contextBudget(e.letters, 2) : 0;
    const max = Math.max(one, two);
    const maxEdits = allowTwo ? 2 : 1;
    let cost = disguiseCost(w.rawKey, e.rawKey, max, maxEdits);
    let edits = lastEdits;
    if (w.spelled !== w.rawKey || e.spelled !== e.rawKey) {
      const spelled = disguiseCost(w.spelled, e.spelled, max, maxEdits);
      if (spelled < cost) {
        cost = spelled;
        edits = lastEdits;
      }
    }
    if (cost === Infinity || cost === 0 || cost > (edits >= 2 ? two : one) + 1e-9) continue;
    // A far departure landing on a real word is that word ("tamer" is not Tamaris).
    if (cost > 0.9 && isKnownWord(w.plain)) continue;
    const plainBudget = edits >= 2 ? (allowTwo ? costBudget(e.letters, 2) : 0) : costBudget(e.letters, 1);
    if (cost <= plainBudget + 1e-9) out.push({ entry: e, cost });
    // Beyond it, the first letter stays or swapped with the second (Vila is not Fila, "Ogyadr" is Goyard).
    // A long mark cut short ("American" for Americanas) is the word it was cut to.
    else if ((w.spelled[0] === e.spelled[0] || (w.spelled[1] === e.spelled[0] && e.letters >= 6)) && !e.spelled.startsWith(w.spelled)) out.push({ entry: e, cost, context: true });
  }
  return out;
}

/** The same letters in another order: a swap. */
function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

/** Marks inside a run of spaced letters that also took in a neighbour ("G U C C I G-Timeless"). */
function subRunMentions(token: Token, index: number, registry: CompiledRegistry, out: Mention[]) {
  const letters = token.letters!;
  for (let a = 0; a < letters.length; a++) {
    for (let b = a + 1; b < letters.length; b++) {
      if (a === 0 && b === letters.length - 1) continue; // the whole run was looked up already
      for (const e of registry.exact.get(skeletonOf(letters.slice(a, b + 1).join(''))) ?? []) {
        if (e.tokenCount === 1) out.push({ entry: e, start: token.start, end: token.end, similarity: 1, method: 'folded', disguised: true, tokenIndex: index, tokenCount: 1 });
      }
    }
  }
}

/** A Latin mark written in another script ("Адидас"): the word's transliteration is the mark's skeleton. */
function transliteratedMentions(t: Token, index: number, registry: CompiledRegistry, out: Mention[]): boolean {
  const found = registry.exact.get(skeletonOf(t.translit!));
  if (!found) return false;
  let any = false;
  for (const e of found) {
    if (e.tokenCount !== 1 || e.script !== 'latin') continue;
    out.push({ entry: e, start: t.start, end: t.end, similarity: 1, method: 'transliterated', disguised: e.learnt !== undefined, tokenIndex: index, tokenCount: 1 });
    any = true;
  }
  return any;
}

/** Marks registered in a spaced script of their own (Cyrillic, Greek …), inflected or not. */
function nativeMentions(plain: string, single: boolean, registry: CompiledRegistry, at: { start: number; end: number; index: number; count: number }, out: Mention[]) {
  let found = registry.native.get(plain);
  let inflected = false;
  if (!found && single && plain.length >= 4) {
    for (const ending of NATIVE_ENDINGS) {
      if (plain.length - ending.length >= 3 && plain.endsWith(ending)) {
        found = registry.native.get(plain.slice(0, -ending.length));
        if (found) {
          inflected = true;
          break;
        }
      }
    }
  }
  for (const e of found ?? []) {
    out.push({ entry: e, start: at.start, end: at.end, similarity: 1, method: e.learnt ? 'learnt' : 'script', disguised: e.learnt !== undefined, tokenIndex: at.index, tokenCount: at.count, ...(inflected ? { inflected } : {}) });
  }
}

/** Marks registered in Chinese, Japanese, Korean or Thai, found by their characters inside the text. */
function unspacedMentions(analysis: TextAnalysis, registry: CompiledRegistry, out: Mention[]) {
  if (registry.unspaced.size === 0) return;
  for (const run of analysis.runs) {
    const text = run.text;
    for (let p = 0; p + 1 < text.length; p++) {
      const list = registry.unspaced.get(text.slice(p, p + 2));
      if (!list) continue;
      for (const e of list) {
        if (!text.startsWith(e.key, p)) continue;
        out.push({ entry: e, start: run.from[p]!, end: run.to[p + e.key.length - 1]!, similarity: 1, method: e.learnt ? 'learnt' : 'script', disguised: e.learnt !== undefined, tokenIndex: -1, tokenCount: 0 });
      }
    }
  }
}

/** The sound key of a word, cached per registry (the same words recur). */
function cachedSoundKey(registry: CompiledRegistry, plain: string): string {
  let key = registry.soundCache.get(plain);
  if (key === undefined) {
    key = soundKey(plain);
    if (registry.soundCache.size >= EDIT_CACHE_MAX) registry.soundCache.clear();
    registry.soundCache.set(plain, key);
  }
  return key;
}

/** The loose sound key of a word, cached likewise (under a key no word has). */
function cachedLooseKey(registry: CompiledRegistry, plain: string): string {
  let key = registry.looseCache.get(plain);
  if (key === undefined) {
    key = looseSoundKey(cachedSoundKey(registry, plain));
    if (registry.looseCache.size >= EDIT_CACHE_MAX) registry.looseCache.clear();
    registry.looseCache.set(plain, key);
  }
  return key;
}

/** Whether out[first..] already has a mention of `e` starting at `start`. */
function seenSince(out: readonly Mention[], first: number, e: MarkEntry, start: number): boolean {
  for (let k = first; k < out.length; k++) if (out[k]!.entry === e && out[k]!.start === start) return true;
  return false;
}

/**
 * Sound-alike spellings ("Rolecks", "Kasio", "Nyke", "Nikey", "Ralf Lawren") for words nothing
 * closer explained and that are no English word: metaphone is the costly step, and ordinary
 * words never get there.
 */
function soundMentions(tokens: readonly Token[], common: Uint8Array, registry: CompiledRegistry, covered: Set<number>, out: Mention[]) {
  const first = out.length;
  // Each word's loose sound, computed once per description when a window needs it.
  const looseOf: (string | undefined)[] = [];
  const n = tokens.length;
  const letters = new Uint8Array(n);
  for (let k = 0; k < n; k++) if (!covered.has(k) && !/[^a-z]/.test(tokens[k]!.plain)) letters[k] = 1;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (!letters[i] || t.plain.length > registry.maxKeyLength + 3) continue;
    if (!common[i] && t.plain.length >= 4) {
      // Double Metaphone, for words of five letters or more.
      if (t.plain.length >= 5 && registry.phonetic.size > 0) {
        for (const code of phoneticCodes(t.plain)) {
          for (const e of registry.phonetic.get(code) ?? []) {
            if (seenSince(out, first, e, t.start)) continue;
            const similarity = dice(e.bigrams, t.skel);
            // Same sound and most letters shared; ordinary-word marks need more letters in common.
            if (similarity >= (e.wordMark ? 0.6 : 0.5)) out.push({ entry: e, start: t.start, end: t.end, similarity, method: 'phonetic', disguised: true, tokenIndex: i, tokenCount: 1 });
          }
        }
      }
      // Endings changed and letters of the same sound ("Nyke", "Nikey", "Phila", "Kazio"): the
      // same sound key, and for short marks only where the goods back it.
      const key = cachedSoundKey(registry, t.plain);
      for (const e of registry.sounds.get(key) ?? []) {
        if (e.plain === t.plain || Math.abs(e.letters - t.plain.length) > 2 || seenSince(out, first, e, t.start)) continue;
        const needsContext = e.letters <= 4;
        out.push({ entry: e, start: t.start, end: t.end, similarity: dice(e.bigrams, t.skel), method: 'sound', disguised: true, tokenIndex: i, tokenCount: 1, ...(needsContext ? { needsContext } : {}) });
      }
    }
    // Vowels spelled otherwise, in one to three words ("Braytlyng", "Ralf Lawren", "Seynt Laurent"):
    // each word's loose sound is computed once, a window's is theirs joined.
    if (registry.looseSounds.size === 0) continue;
    looseOf[i] ??= cachedLooseKey(registry, t.plain);
    if (!registry.looseStarts.has(looseOf[i]!)) continue;
    let plain = '';
    let allCommon = true;
    for (let len = 1; len <= 3 && i + len <= n; len++) {
      const w = tokens[i + len - 1]!;
      if (!letters[i + len - 1]) break;
      plain += w.plain;
      if (!common[i + len - 1]) allCommon = false;
      if (allCommon || plain.length < 5 || plain.length > registry.maxKeyLength + 3) continue;
      for (let k = i; k < i + len; k++) looseOf[k] ??= cachedLooseKey(registry, tokens[k]!.plain);
      const loose = joinLooseKeys(looseOf.slice(i, i + len) as string[]);
      if (!loose) continue;
      for (const e of registry.looseSounds.get(loose) ?? []) {
        if (e.plain === plain || e.tokenCount > len + 1 || seenSince(out, first, e, t.start)) continue;
        const similarity = dice(e.bigrams, tokens.slice(i, i + len).map((x) => x.skel).join(''));
        if (similarity < 0.3) continue;
        out.push({ entry: e, start: t.start, end: w.end, similarity, method: 'sound', disguised: true, tokenIndex: i, tokenCount: len });
      }
    }
  }
}

/**
 * Mentions whose words mean something else here: inside a colour, material or everyday phrase
 * (the general ones and the trademark's own "not this mark" list), a material before a pattern
 * word ("Croc embossed"), an ordinary-word mark before a colour or material ("Apple green") or
 * after an article ("like a boss", "mind the gap"), a colour word before a material ("Camel wool
 * coat"), a name followed by what makes it a person, place or breed ("Nike of Samothrace", "Prado
 * museum", "Fila Brasileiro dog"), a Roman numeral read as a short name ("Air Penny IV" is not
 * LV), a short product-line name next to a model number ("MK II", "100DG"), and a Cyrillic mark
 * declined after a preposition ("кольцо с алмазом": a ring with a diamond).
 */
function meansSomethingElse(m: Mention, tokens: readonly Token[]): boolean {
  if (m.tokenIndex < 0) return false;
  const from = m.tokenIndex;
  const to = from + m.tokenCount;
  for (const p of GENERAL_PHRASES_BY_WORD.get(tokens[from]!.plain) ?? []) if (insidePhrase(tokens, from, to, p)) return true;
  if (to - from > 1) for (const p of GENERAL_PHRASES_BY_WORD.get(tokens[to - 1]!.plain) ?? []) if (insidePhrase(tokens, from, to, p)) return true;
  for (const p of m.entry.notThisMark) if (insidePhrase(tokens, from, to, p)) return true;
  const next = tokens[to]?.plain;
  const before = tokens[from - 1]?.plain;
  const e = m.entry;
  const oneWord = e.tokenCount === 1 && m.tokenCount === 1;
  if (m.method !== 'exact' && next !== undefined && PATTERN_WORDS.has(next) && e.tokenCount === 1) return true;
  if (e.wordMark && next !== undefined && MODIFIER_WORDS.has(next)) return true;
  if (e.wordMark && oneWord && before !== undefined && DETERMINERS.has(before)) return true;
  if (oneWord && COLOUR_WORDS.has(tokens[from]!.plain) && next !== undefined && MATERIAL_WORDS.has(next)) return true;
  if (e.script === 'latin' && oneWord && next === 'of' && tokens[to + 1] !== undefined && !/^\d/.test(tokens[to + 1]!.plain)) return true;
  const afterNext = tokens[to + 1]?.plain;
  if (e.script === 'latin' && ((next !== undefined && PLACE_WORDS.has(next)) || (afterNext !== undefined && (PLACE_WORDS.has(afterNext) || BREED_WORDS.has(afterNext)) && !isCommonWord(next!)))) return true;
  if (e.short && e.isAlias && ((next !== undefined && (ROMAN_NUMERALS.has(next) || /^\d{1,2}$/.test(next))) || (before !== undefined && ROMAN_NUMERALS.has(before) && before.length > 1))) return true;
  // A short name glued after digits ("100DG"): another maker's model code. (Before digits, "MK3493"
  // is the holder's own model numbering, which names the brand.)
  if (e.short && oneWord && before !== undefined && /^\d+$/.test(before) && tokens[from - 1]!.end === tokens[from]!.start) return true;
  if (m.inflected && before !== undefined && CYRILLIC_PREPOSITIONS.has(before)) return true;
  return false;
}

export function findMentions(analysis: TextAnalysis, registry: CompiledRegistry): Mention[] {
  const { tokens } = analysis;
  const mentions: Mention[] = [];
  const n = tokens.length;
  // Per token, once: an ordinary word? written with a Latin letter?
  // Per token, once: an ordinary word (1), or a rarer English word (2)? written with a Latin letter?
  const common = new Uint8Array(n);
  const latin = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const p = tokens[k]!.plain;
    common[k] = wordClass(p);
    if (/[a-z]/.test(p)) latin[k] = 1;
  }
  for (let i = 0; i < n; i++) {
    let key = '';
    let keyHash = KEY_HASH_SEED;
    let rawKey = '';
    let spelled = '';
    let plain = '';
    let anyNative = false;
    let allOrdinary = true;
    let allLatin = true;
    if (tokens[i]!.letters && !registry.exact.has(tokens[i]!.skel)) subRunMentions(tokens[i]!, i, registry, mentions);
    for (let len = 1; len <= MAX_WINDOW && i + len <= n; len++) {
      const t = tokens[i + len - 1]!;
      // Doubled letters collapse across the joint too: "Guc ci" is "guci", like "Gucci".
      const head = t.skel.charCodeAt(0);
      const collapse = key.length > 0 && key.charCodeAt(key.length - 1) === head && head >= 97 && head <= 122;
      key += collapse ? t.skel.slice(1) : t.skel;
      keyHash = extendKeyHash(keyHash, t.skel, collapse ? 1 : 0);
      rawKey += t.raw;
      spelled += t.spelled;
      plain += t.plain;
      if (t.translit !== undefined) anyNative = true;
      if (common[i + len - 1] !== 1) allOrdinary = false;
      if (!latin[i + len - 1]) allLatin = false;
      if (key.length > registry.maxKeyLength + 1 && !anyNative) break;
      const single = len === 1;
      const start = tokens[i]!.start;
      const end = t.end;
      if (anyNative && registry.native.size > 0) nativeMentions(plain, single, registry, { start, end, index: i, count: len }, mentions);
      if (key.length > registry.maxKeyLength + 1) continue;
      // A plain ordinary word is itself, not a disguised mark (channel/Chanel, nice/Nike, phone/iPhone);
      // a rarer one ("sonny") may be a disguise where the goods say so.
      const ordinaryWord = single && common[i] === 1;
      // A rarer English word ("foley", "tamer") is itself too: no edit or sound reads it as a mark.
      const knownWord = single && common[i] === 2;

      const exact = mayBeKey(registry.exactFilter, keyHash) ? registry.exact.get(key) : undefined;
      if (exact) {
        for (const e of exact) {
          if (e.short && !single) continue;
          // "SS Watch" is stainless steel, not Swatch: a word of one repeated letter joins no name.
          if (!single && /^([a-z])\1+$/.test(tokens[i]!.plain)) continue;
          const samePlain = plain === e.plain;
          // Asked only here, for an exact hit: once for every ordinary word it was 2 % of the profile (issue 13).
          if (ordinaryWord && !samePlain && isCoreWord(plain)) continue;
          // "Air Penny IV" is not LV: a Roman numeral is itself.
          if (single && !samePlain && ROMAN_NUMERALS.has(plain)) continue;
          // Joining ordinary words into a mark ("to my" -> "tomy") needs the mark's own words.
          if (!single && allOrdinary && !samePlain) continue;
          // Written as the mark is, word for word: the real name. Anything else (look-alikes, leet,
          // spaced, split or glued words, doubled letters) is a disguise, and so is a learnt spelling.
          const sameSegmentation = len === e.tokenCount && tokens.slice(i, i + len).every((w) => w.parts === 1 && !w.invisible);
          const disguised = !samePlain || !sameSegmentation || e.learnt !== undefined;
          const method = e.learnt ? 'learnt' : disguised ? 'folded' : 'exact';
          const needsContext = ordinaryWord && !samePlain;
          mentions.push({ entry: e, start, end, similarity: 1, method, disguised, tokenIndex: i, tokenCount: len, ...(needsContext ? { needsContext } : {}) });
        }
        continue;
      }
      // Plurals and possessives: "Rolexes", "Nikes", "UGGs".
      if (single && key.length >= 4 && key.endsWith('s')) {
        const singular = registry.exact.get(key.slice(0, -1));
        if (singular) {
          for (const e of singular) {
            // "apples", "chances": the plural of an ordinary word is that word, not the mark.
            if ((e.wordMark && commonWords().has(plain)) || (ordinaryWord && plain.slice(0, -1) !== e.plain)) continue;
            mentions.push({ entry: e, start, end, similarity: dice(e.bigrams, key), method: 'exact', disguised: plain.slice(0, -1) !== e.plain, tokenIndex: i, tokenCount: 1 });
          }
          continue;
        }
      }
      if (single && t.translit !== undefined && transliteratedMentions(t, i, registry, mentions)) continue;
      // Fuzzy matches need a word of four letters or more in Latin letters (a word wholly in another
      // script is matched only exactly: its Latin reading is a guess), and no bare numbers at the
      // edges ("Channel 4"). Model numbers ("KXTG1032S") are not brand names: leet was folded above.
      // A word wholly in Cyrillic or Greek letters ("Ԍυєҫꙇ") is read as a Latin mark only one near
      // look-alike away: its Latin reading is itself a guess.
      const wholeNative = !allLatin && tokens.slice(i, i + len).every((w) => w.translit !== undefined && !/[^a-z]/.test(w.skel));
      if (ordinaryWord || knownWord || plain.length < 4 || (!single && allOrdinary) || (!allLatin && !wholeNative) || /\d.*\d/.test(plain)) continue;
      const anchored = len === 2 && registry.markWords.size > 0 && (registry.markWords.has(tokens[i]!.skel) || registry.markWords.has(t.skel));
      for (const c of editCandidates(registry, key, rawKey, spelled, wholeNative ? tokens.slice(i, i + len).map((w) => w.translit!).join('') : plain, single, anchored)) {
        const e = c.entry;
        // Beyond one near look-alike, a word in Cyrillic or Greek letters read as a Latin mark
        // (`Єаѕіо`: Є reads e or c) counts only where the goods back it both ways.
        if (wholeNative && (c.cost > 1.0 || e.letters < 5)) continue;
        // Across words, the words at the edges must belong to the name: "by Michael Kors" is not a slip of it.
        if (!single && ((common[i] === 1 && tokens[i]!.plain.length <= 3 && !e.plain.startsWith(tokens[i]!.plain)) || (common[i + len - 1] === 1 && t.plain.length <= 3 && !e.plain.endsWith(t.plain)))) continue;
        // Joined words plus an edit reach too far for short marks ("You'll Go" is not LEGO), and a
        // mark made of ordinary words needs a word that is none ("Gel-Nimubs", not "OG White" for Off-White).
        if (!single && (e.letters < 6 || (e.ordinaryWords && !tokens.slice(i, i + len).some((w, k) => w.plain.length >= 3 && common[i + k] !== 1)))) continue;
        // A four-letter mark with a letter changed is often another word (Nico, Pama): the goods decide.
        // Its own letters swapped or doubled ("Nkie", "Nikke") keep it.
        const needsContext = e.letters <= 4 && c.cost > 0.3 && !sameLetters(rawKey, e.rawKey);
        const needsGoods = c.context === true || (wholeNative && c.cost > 0.5);
        mentions.push({ entry: e, start, end, similarity: dice(e.bigrams, key), method: 'edit', disguised: true, tokenIndex: i, tokenCount: len, cost: c.cost, ...(needsContext ? { needsContext } : {}), ...(needsGoods ? { needsGoods } : {}) });
      }
    }
  }
  if (registry.phonetic.size > 0 || registry.sounds.size > 0 || registry.looseSounds.size > 0) {
    const covered = new Set<number>();
    for (const m of mentions) for (let k = m.tokenIndex; k < m.tokenIndex + m.tokenCount; k++) covered.add(k);
    soundMentions(tokens, common, registry, covered, mentions);
  }
  if (analysis.runs.length > 0) unspacedMentions(analysis, registry, mentions);
  let kept = mentions;
  if (mentions.length > 0) kept = mentions.filter((m) => !meansSomethingElse(m, tokens));
  return dropOverlapped(kept);
}

/**
 * Where mentions of one application's marks overlap, keep the name as written over a disguise
 * ("by Michael Kors" is Michael Kors with a word before it), then the longest and closest.
 */
function dropOverlapped(mentions: Mention[]): Mention[] {
  if (mentions.length < 2) return mentions;
  const ranked = [...mentions].sort((a, b) => Number(a.disguised) - Number(b.disguised) || b.end - b.start - (a.end - a.start) || b.similarity - a.similarity);
  const kept: Mention[] = [];
  for (const m of ranked) {
    const clash = kept.some((k) => k.entry.applicationId === m.entry.applicationId && k.entry.mark === m.entry.mark && m.start < k.end && k.start < m.end);
    if (!clash) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
