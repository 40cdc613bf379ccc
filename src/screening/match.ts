/**
 * Finds mentions of registered marks in a text: windows of one to four adjacent tokens, joined,
 * looked up by skeleton (exact), through the one-edit deletion index, and by sound. Each mention
 * says where it is in the original text, how close it is (Dice), and whether its spelling
 * departs from the mark's (a disguise: genuine sellers write the brand correctly).
 */
import { dice, osaDistance } from './dice.ts';
import { deletions, phoneticCodes, type CompiledRegistry, type MarkEntry } from './compile.ts';
import { skeletonOf, type Token } from './normalize.ts';
import { commonWords, isCommonWord } from './words.ts';

export type MatchMethod = 'exact' | 'folded' | 'edit' | 'phonetic';

export interface Mention {
  entry: MarkEntry;
  start: number;
  end: number;
  /** Dice coefficient between the window's skeleton and the mark's. */
  similarity: number;
  method: MatchMethod;
  /** The spelling departs from the mark's: look-alikes, leet, spacing, doubled, dropped or swapped letters. */
  disguised: boolean;
  tokenIndex: number;
  tokenCount: number;
}

const MAX_WINDOW = 4;

/**
 * Which single edits count as a disguise, by the length of the mark as written (its skeleton can
 * be shorter: "Gucci" folds to "guci").
 */
function editAllowed(windowKey: string, markKey: string, markLength: number): boolean {
  if (markLength <= 3) return false;
  // Sellers keep the first letter so that buyers still recognise the brand; another first letter
  // is another name ("Mega" is not Omega), unless the first two letters were swapped.
  const swappedStart = windowKey[0] === markKey[1] && windowKey[1] === markKey[0];
  if (windowKey[0] !== markKey[0] && !swappedStart) return false;
  if (osaDistance(windowKey, markKey, 1) !== 1) return false;
  // One edit and the same length: a swap when both hold the same letters, else a changed letter.
  const swap = windowKey.length === markKey.length && sameLetters(windowKey, markKey);
  // Four letters: only a swap ("Nkie"); a changed or added letter is another word too often (nice, mike, niko).
  if (markLength === 4) return swap;
  if (markLength === 5) return windowKey.length !== markKey.length || swap;
  return true;
}

function sameLetters(a: string, b: string): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  // One edit between equal-length strings that differ in two places is a transposition.
  return diff === 2;
}

function candidateEdits(registry: CompiledRegistry, key: string): MarkEntry[] {
  const found = new Set<MarkEntry>();
  const add = (list: MarkEntry[] | undefined) => {
    if (list) for (const e of list) found.add(e);
  };
  add(registry.deletes.get(key)); // window is the mark with a letter dropped
  for (const d of deletions(key)) {
    add(registry.exact.get(d)); // window is the mark with a letter added
    add(registry.deletes.get(d)); // a letter changed or two swapped
  }
  const allowed: MarkEntry[] = [];
  for (const e of found) if (!e.short && editAllowed(key, e.key, e.plain.length)) allowed.push(e);
  return allowed;
}

const NONE: MarkEntry[] = [];
const EDIT_CACHE_MAX = 200_000;

function cachedEdits(registry: CompiledRegistry, key: string): MarkEntry[] {
  let found = registry.editCache.get(key);
  if (!found) {
    const edits = candidateEdits(registry, key);
    found = edits.length ? edits : NONE;
    if (registry.editCache.size >= EDIT_CACHE_MAX) registry.editCache.clear();
    registry.editCache.set(key, found);
  }
  return found;
}

/** The same with doubled letters kept: a dropped letter that left a double ("Addas", "Cann"). */
function candidateRawEdits(registry: CompiledRegistry, rawKey: string): MarkEntry[] {
  return (registry.rawDeletes.get(rawKey) ?? []).filter((e) => !e.short && editAllowed(rawKey, e.rawKey, e.plain.length));
}

/** Marks inside a run of spaced letters that also took in a neighbour ("G U C C I G-Timeless"). */
function subRunMentions(token: Token, index: number, registry: CompiledRegistry): Mention[] {
  const letters = token.letters!;
  const out: Mention[] = [];
  for (let a = 0; a < letters.length; a++) {
    for (let b = a + 1; b < letters.length; b++) {
      if (a === 0 && b === letters.length - 1) continue; // the whole run was looked up already
      for (const e of registry.exact.get(skeletonOf(letters.slice(a, b + 1).join(''))) ?? []) {
        if (e.tokenCount === 1) out.push({ entry: e, start: token.start, end: token.end, similarity: 1, method: 'folded', disguised: true, tokenIndex: index, tokenCount: 1 });
      }
    }
  }
  return out;
}

export function findMentions(tokens: readonly Token[], registry: CompiledRegistry): Mention[] {
  const mentions: Mention[] = [];
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    let key = '';
    let rawKey = '';
    let plain = '';
    if (tokens[i]!.letters && !registry.exact.has(tokens[i]!.skel)) mentions.push(...subRunMentions(tokens[i]!, i, registry));
    for (let len = 1; len <= MAX_WINDOW && i + len <= n; len++) {
      const t = tokens[i + len - 1]!;
      // Doubled letters collapse across the joint too: "Guc ci" is "guci", like "Gucci".
      key += key.length > 0 && key[key.length - 1] === t.skel[0] && /[a-z]/.test(t.skel[0]!) ? t.skel.slice(1) : t.skel;
      rawKey += t.raw;
      plain += t.plain;
      if (key.length > registry.maxKeyLength + 1) break;
      const window = tokens.slice(i, i + len);
      const single = len === 1;
      // A plain ordinary word is itself, not a disguised mark (channel/Chanel, nice/Nike, phone/iPhone).
      const ordinaryWord = single && isCommonWord(plain);
      const allOrdinary = window.every((w) => isCommonWord(w.plain));
      const start = tokens[i]!.start;
      const end = t.end;

      const exact = registry.exact.get(key);
      if (exact) {
        for (const e of exact) {
          if (e.short && !single) continue;
          const samePlain = plain === e.plain;
          if (ordinaryWord && !samePlain) continue;
          // Joining ordinary words into a mark ("to my" -> "tomy") needs the mark's own words.
          if (!single && allOrdinary && !samePlain) continue;
          // Written as the mark is, word for word: the real name. Anything else (look-alikes, leet,
          // spaced, split or glued words, doubled letters) is a disguise.
          const sameSegmentation = len === e.tokenCount && window.every((w) => w.parts === 1 && !w.invisible);
          const disguised = !samePlain || !sameSegmentation;
          mentions.push({ entry: e, start, end, similarity: 1, method: disguised ? 'folded' : 'exact', disguised, tokenIndex: i, tokenCount: len });
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
      // Fuzzy matches need a word of four letters or more, and no bare numbers at the edges ("Channel 4").
      // Model numbers ("KXTG1032S") are not brand names: leet disguises were folded above already.
      if (ordinaryWord || plain.length < 4 || (!single && allOrdinary) || !window.every((w) => /[a-z]/.test(w.plain)) || /\d.*\d/.test(plain)) continue;
      // Joined words plus an edit reach too far for short marks ("You'll Go" is not LEGO).
      const edits = cachedEdits(registry, key).filter((e) => single || e.plain.length >= 6);
      const all = edits.length === 0 && rawKey !== key ? candidateRawEdits(registry, rawKey) : edits;
      for (const e of all) {
        mentions.push({ entry: e, start, end, similarity: dice(e.bigrams, key), method: 'edit', disguised: true, tokenIndex: i, tokenCount: len });
      }
    }
  }
  // Sound-alike spellings ("Rolecks", "Kasio") for words nothing closer explained: metaphone is
  // the costly step, and ordinary words never get there.
  if (registry.phonetic.size > 0) {
    const covered = new Set<number>();
    for (const m of mentions) for (let k = m.tokenIndex; k < m.tokenIndex + m.tokenCount; k++) covered.add(k);
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (covered.has(i) || t.plain.length < 5 || t.plain.length > registry.maxKeyLength + 3 || /\d/.test(t.plain) || isCommonWord(t.plain)) continue;
      const list = new Set(phoneticCodes(t.plain).flatMap((code) => registry.phonetic.get(code) ?? []));
      for (const e of list) {
        const similarity = dice(e.bigrams, t.skel);
        // Same sound and most letters shared; ordinary-word marks need more letters in common.
        if (similarity >= (e.wordMark ? 0.6 : 0.5)) {
          mentions.push({ entry: e, start: t.start, end: t.end, similarity, method: 'phonetic', disguised: true, tokenIndex: i, tokenCount: 1 });
        }
      }
    }
  }
  return dropOverlapped(mentions);
}

/** Where mentions of one application's marks overlap, keep the longest and closest. */
function dropOverlapped(mentions: Mention[]): Mention[] {
  if (mentions.length < 2) return mentions;
  const ranked = [...mentions].sort((a, b) => b.end - b.start - (a.end - a.start) || b.similarity - a.similarity);
  const kept: Mention[] = [];
  for (const m of ranked) {
    const clash = kept.some((k) => k.entry.applicationId === m.entry.applicationId && k.entry.mark === m.entry.mark && m.start < k.end && k.start < m.end);
    if (!clash) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
