/**
 * Phrases in which a mark's words mean something else: a colour ("off white", "rose gold"), a
 * material or pattern ("croc embossed", "snake print"), an everyday product ("men's watch",
 * "pandora box"). A mention of a mark inside one of them is not the mark. The general list below
 * applies to every mark; each trademark adds its own (`notThisMark` in the bundle).
 */
import { tokenize, type Token } from './normalize.ts';

/** A phrase as the plain words of its tokens ("Off-White" → ["off", "white"]). */
export type Phrase = readonly string[];

const GENERAL = [
  // colours
  'off white', 'off-white', 'rose gold', 'rose pink', 'white gold', 'yellow gold', 'champagne gold', 'old gold', 'gold tone',
  'silver tone', 'two tone', 'navy blue', 'royal blue', 'sky blue', 'baby blue', 'hot pink', 'baby pink', 'jet black',
  'gun metal', 'army green', 'olive green', 'mint green', 'apple green', 'lime green', 'dove grey', 'dove gray', 'slate grey',
  'steel grey', 'charcoal grey', 'mango yellow', 'lemon yellow', 'camel brown', 'chocolate brown', 'coffee brown', 'cherry red',
  'wine red', 'coral pink', 'salmon pink', 'peach pink', 'ocean blue', 'monaco blue', 'cobalt blue', 'sand beige', 'camel colour', 'camel color',
  // materials and patterns
  'croc embossed', 'croc effect', 'croc print', 'croc leather', 'mock croc', 'faux croc', 'snake print', 'snake skin',
  'snake effect', 'python print', 'leopard print', 'zebra print', 'tiger print', 'faux leather', 'patent leather',
  'vegan leather',
  // everyday products and sayings
  "men's watch", 'mens watch', "women's watch", 'womens watch', "ladies' watch", 'ladies watch', 'pandora box',
  "pandora's box", 'pandoras box', 'coach jacket', 'world champion',
];

export function phrasesOf(list: readonly string[]): Phrase[] {
  const out: Phrase[] = [];
  for (const p of list) {
    const words = tokenize(p).map((t) => t.plain);
    if (words.length > 0) out.push(words);
  }
  return out;
}

export const GENERAL_PHRASES: readonly Phrase[] = phrasesOf(GENERAL);

/** The general phrases by each of their words (and its singular and plural): a mention looks up only those holding its first word. */
export const GENERAL_PHRASES_BY_WORD: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const map = new Map<string, Phrase[]>();
  for (const p of GENERAL_PHRASES) {
    for (const w of new Set(p.flatMap((word) => [word, `${word}s`, word.endsWith('s') ? word.slice(0, -1) : word]))) {
      const list = map.get(w);
      if (list) list.push(p);
      else map.set(w, [p]);
    }
  }
  return map;
})();

/** Words after a material's name that make it the material (a "croc embossed" bag is not Crocs). */
export const PATTERN_WORDS = new Set(['embossed', 'print', 'printed', 'pattern', 'patterned', 'effect', 'skin', 'texture', 'textured', 'grain', 'look']);

/**
 * Words that make the ordinary word before them a shade, a symbol or a pattern ("Mango print
 * dress", "Omega symbol pendant"): after a mark that is an ordinary word, the word is that, not
 * the mark. Not materials ("Puma Suede" is a shoe), nor colours ("Canon Black Ink", "Canon Color" are the
 * brand; colour names are phrases above).
 */
export const MODIFIER_WORDS = new Set([
  'tone', 'shade', 'symbol', 'leaf', 'print', 'printed', 'pattern', 'patterned', 'embossed', 'effect', 'texture', 'textured',
]);

const sameWord = (a: string, b: string) => a === b || a === `${b}s` || b === `${a}s`;

/** Whether the tokens [from, to) of a text lie inside an occurrence of `phrase` there. */
export function insidePhrase(tokens: readonly Token[], from: number, to: number, phrase: Phrase): boolean {
  const n = phrase.length;
  for (let start = Math.max(0, to - n); start <= from && start + n <= tokens.length; start++) {
    let all = true;
    for (let k = 0; k < n && all; k++) all = sameWord(tokens[start + k]!.plain, phrase[k]!);
    if (all) return true;
  }
  return false;
}
