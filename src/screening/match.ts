/**
 * Finds mentions of registered marks in a text: windows of one to four adjacent tokens, joined,
 * looked up by skeleton (exact), through the one-edit deletion index, and by sound. Each mention
 * says where it is in the original text, how close it is (Dice), and whether its spelling
 * departs from the mark's (a disguise: genuine sellers write the brand correctly).
 */
import { dice, osaDistance } from './dice.ts';
import { deletions, phoneticCode, type CompiledRegistry, type MarkEntry } from './compile.ts';
import type { Token } from './normalize.ts';
import { isCommonWord } from './words.ts';

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

/** Which single edits count as a disguise, by the length of the mark's key. */
function editAllowed(windowKey: string, markKey: string): boolean {
  const len = markKey.length;
  if (len <= 3) return false;
  if (osaDistance(windowKey, markKey, 1) !== 1) return false;
  if (len === 4) {
    // Four letters: only a swap ("Nkie"); a changed or added letter is another word too often (nice, mike, niko).
    return windowKey.length === 4 && [...windowKey].sort().join('') === [...markKey].sort().join('');
  }
  if (len === 5) return windowKey.length !== len || [...windowKey].sort().join('') === [...markKey].sort().join('');
  return true;
}

function candidateEdits(registry: CompiledRegistry, key: string): MarkEntry[] {
  const found: MarkEntry[] = [];
  const add = (list: MarkEntry[] | undefined) => {
    if (list) for (const e of list) if (!found.includes(e)) found.push(e);
  };
  add(registry.deletes.get(key)); // window is the mark with a letter dropped
  for (const d of deletions(key)) {
    add(registry.exact.get(d)); // window is the mark with a letter added
    add(registry.deletes.get(d)); // a letter changed or two swapped
  }
  return found.filter((e) => !e.short && editAllowed(key, e.key));
}

export function findMentions(tokens: readonly Token[], registry: CompiledRegistry): Mention[] {
  const mentions: Mention[] = [];
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    let key = '';
    let plain = '';
    for (let len = 1; len <= MAX_WINDOW && i + len <= n; len++) {
      const t = tokens[i + len - 1]!;
      key += t.skel;
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
          const sameSegmentation = len === e.tokenCount && window.every((w) => w.parts === 1);
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
            if (ordinaryWord && plain.slice(0, -1) !== e.plain) continue;
            mentions.push({ entry: e, start, end, similarity: dice(e.bigrams, key), method: 'exact', disguised: plain.slice(0, -1) !== e.plain, tokenIndex: i, tokenCount: 1 });
          }
          continue;
        }
      }
      if (ordinaryWord || key.length < 4 || (!single && allOrdinary)) continue;
      for (const e of candidateEdits(registry, key)) {
        mentions.push({ entry: e, start, end, similarity: dice(e.bigrams, key), method: 'edit', disguised: true, tokenIndex: i, tokenCount: len });
      }
    }
  }
  // Sound-alike spellings ("Rolecks") only where nothing closer was found: metaphone is the costly step.
  if (mentions.length === 0 && registry.phonetic.size > 0) {
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (t.plain.length < 5 || t.plain.length > registry.maxKeyLength + 3 || isCommonWord(t.plain) || /\d/.test(t.plain)) continue;
      const code = phoneticCode(t.plain);
      const list = code ? registry.phonetic.get(code) : undefined;
      if (!list) continue;
      for (const e of list) {
        const similarity = dice(e.bigrams, t.skel);
        if (similarity >= 0.5 && e.plain[0] === t.plain[0]) {
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
