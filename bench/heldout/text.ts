/**
 * Small text helpers of the evaluation's own: how it labels a title as naming a mark, the edit
 * distance its tests check, and how a generated spelling takes the case of the mark it disguises.
 */

/** Lower case, accents removed, typographic apostrophes straightened: for labelling only. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`´]/g, "'").toLowerCase();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The folded name as a word of its own, also in the plural or possessive (`Air Jordans`, `Gucci's`). */
function wholeWord(folded: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(folded)}(?:'?s)?(?![\\p{L}\\p{N}])`, 'u');
}

const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const patterns = new Map<string, RegExp>();

/**
 * Whether `text` names `name`: as a whole word for alphabetic scripts (case- and accent-insensitive),
 * anywhere for Chinese and Japanese, which have no spaces between words.
 */
export function mentions(text: string, name: string): boolean {
  const folded = fold(name);
  if (HAN_OR_KANA.test(name)) return text.includes(name);
  let pattern = patterns.get(folded);
  if (!pattern) {
    pattern = wholeWord(folded);
    patterns.set(folded, pattern);
  }
  return pattern.test(fold(text));
}

/** Replaces every whole-word occurrence of `name` in `text` (case- and accent-insensitive on ASCII-foldable text). */
export function replaceMention(text: string, name: string, replacement: string): string | undefined {
  // Fold character by character so that offsets in the folded text are offsets in the original.
  const chars = [...text];
  const foldedChars = chars.map((c) => fold(c));
  if (foldedChars.some((f) => [...f].length !== 1)) return undefined;
  const folded = foldedChars.join('');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(fold(name))}(?![\\p{L}\\p{N}])`, 'gu');
  let out = '';
  let last = 0;
  let replaced = false;
  for (const m of folded.matchAll(pattern)) {
    const start = [...folded.slice(0, m.index)].length;
    const end = start + [...m[0]].length;
    out += chars.slice(last, start).join('') + replacement;
    last = end;
    replaced = true;
  }
  return replaced ? out + chars.slice(last).join('') : undefined;
}

/** Damerau-Levenshtein distance (unrestricted: transpositions of letters that also get edited count). */
export function damerau(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const lastRow = new Map<string, number>();
  const max = x.length + y.length;
  const d: number[][] = Array.from({ length: x.length + 2 }, () => new Array<number>(y.length + 2).fill(0));
  d[0]![0] = max;
  for (let i = 0; i <= x.length; i++) {
    d[i + 1]![0] = max;
    d[i + 1]![1] = i;
  }
  for (let j = 0; j <= y.length; j++) {
    d[0]![j + 1] = max;
    d[1]![j + 1] = j;
  }
  for (let i = 1; i <= x.length; i++) {
    let lastMatchCol = 0;
    for (let j = 1; j <= y.length; j++) {
      const k = lastRow.get(y[j - 1]!) ?? 0;
      const l = lastMatchCol;
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      if (cost === 0) lastMatchCol = j;
      d[i + 1]![j + 1] = Math.min(
        d[i]![j]! + cost,
        d[i + 1]![j]! + 1,
        d[i]![j + 1]! + 1,
        d[k]![l]! + (i - k - 1) + 1 + (j - l - 1),
      );
    }
    lastRow.set(x[i - 1]!, i);
  }
  return d[x.length + 1]![y.length + 1]!;
}

/** Gives a spelling made on the lower-case mark the mark's own case: `JBL` stays capitals, `Gucci` a capital first letter. */
export function recase(mark: string, variant: string): string {
  const markChars = [...mark];
  const variantChars = [...variant];
  if (markChars.length === variantChars.length) {
    // Same length (a replacement, a swap): each position takes the case of the mark's letter there.
    return variantChars.map((c, i) => (markChars[i] !== markChars[i]!.toLowerCase() ? c.toUpperCase() : c)).join('');
  }
  const letters = mark.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return variant.toUpperCase();
  const words = mark.split(/(\s+)/);
  const capitalised = words.filter((w) => /\p{L}/u.test(w)).every((w) => /^\p{Lu}/u.test(w));
  if (!capitalised) return variant;
  return variant.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

export function isLatinText(text: string): boolean {
  return !/[^\p{Script=Latin}\p{Script=Common}\p{M}]/u.test(text);
}

/** Letters only, lower case, accents removed: the form the evaluation compares brand names in. */
export function letterKey(name: string): string {
  return fold(name).replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * `mentions` for many names at once: the text is folded once and each name is tried with a plain
 * substring test before its whole-word pattern (labelling ten thousand titles against two hundred
 * names took 1.4 s name by name).
 */
export class NameIndex<T> {
  private readonly entries: { folded: string; cjk: boolean; name: string; pattern: RegExp; value: T }[];

  constructor(pairs: readonly (readonly [string, T])[]) {
    this.entries = pairs.map(([name, value]) => {
      const folded = fold(name);
      return { folded, name, cjk: HAN_OR_KANA.test(name), value, pattern: wholeWord(folded) };
    });
  }

  find(text: string): T[] {
    const folded = fold(text);
    const out = new Set<T>();
    for (const e of this.entries) {
      if (e.cjk ? text.includes(e.name) : folded.includes(e.folded) && e.pattern.test(folded)) out.add(e.value);
    }
    return [...out];
  }
}
