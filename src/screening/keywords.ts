import type { CompiledKeyword } from './compile.ts';
import type { Token } from './normalize.ts';

export interface KeywordHit {
  keyword: CompiledKeyword;
  start: number;
  end: number;
}

/** Counterfeit slang in a text: literal terms (1:1, AAA+) as text, words as token sequences. */
export function findKeywords(text: string, tokens: readonly Token[], keywords: readonly CompiledKeyword[]): KeywordHit[] {
  const hits: KeywordHit[] = [];
  let lower: string | undefined;
  for (const k of keywords) {
    if (k.mode === 'literal') {
      lower ??= text.normalize('NFKC').toLowerCase();
      const m = k.pattern!.exec(lower);
      // NFKC can change lengths; offsets are exact for the common case where it does not.
      if (m) hits.push({ keyword: k, start: m.index, end: m.index + m[0].length });
      continue;
    }
    const field = k.mode === 'skeleton' ? 'skel' : 'plain';
    const n = k.tokens.length;
    for (let i = 0; i + n <= tokens.length; i++) {
      let all = true;
      for (let j = 0; j < n && all; j++) all = tokens[i + j]![field] === k.tokens[j];
      if (all) {
        hits.push({ keyword: k, start: tokens[i]!.start, end: tokens[i + n - 1]!.end });
        break;
      }
    }
  }
  return hits;
}
