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
  'hunter green', 'forest green', 'bottle green', 'racing green', 'emerald green', 'sage green', 'pine green', 'sea green', 'jade green',
  'kelly green', 'moss green', 'powder blue', 'midnight blue', 'electric blue', 'petrol blue', 'steel blue', 'ice blue', 'denim blue',
  'pearl white', 'snow white', 'chalk white', 'stone grey', 'stone gray', 'ash grey', 'heather grey', 'storm grey', 'shell pink',
  'blush pink', 'dusty pink', 'candy pink', 'berry red', 'brick red', 'blood red', 'ruby red', 'fire red', 'burnt orange',
  'mustard yellow', 'canary yellow', 'honey yellow', 'sand colour', 'sand color', 'stone colour', 'stone color',
  // materials and patterns
  'croc embossed', 'croc effect', 'croc print', 'croc leather', 'mock croc', 'faux croc', 'snake print', 'snake skin',
  'snake effect', 'python print', 'leopard print', 'zebra print', 'tiger print', 'faux leather', 'patent leather',
  'vegan leather',
  // everyday products and sayings
  "men's watch", 'mens watch', "women's watch", 'womens watch', "ladies' watch", 'ladies watch', 'pandora box',
  "pandora's box", 'pandoras box', 'coach jacket', 'world champion',
  // everyday compounds and sayings with words that are also marks: the word, not the brand
  'key ring', 'ring light', 'ring binder', 'ring size', 'ring sizer', 'onion ring', 'o ring', 'boxing ring', 'ring finger',
  'senior citizen', 'global citizen', 'citizen science', 'gap year', 'mind the gap', 'gap filler', 'like a boss', 'boss lady',
  'girl boss', 'boss babe', 'boss battle', 'next day', 'next level', 'next generation', 'next gen', 'next size', 'treasure hunter',
  'bounty hunter', 'deer hunter', 'ghost hunter', 'half hunter', 'full hunter', 'hunter pocket watch', 'shell suit', 'sea shell',
  'shell fabric', 'soft shell', 'softshell', 'hard shell', 'shell jacket', 'tide pool', 'high tide', 'low tide', 'peace dove',
  'police costume', 'police officer', 'police uniform', 'police car', 'police badge', 'always on', 'forever and always',
  'apple pie', 'big apple', 'mango print', 'jaguar print', 'puma print', 'leopard print', 'animal print', 'camel hair',
  'crocodile leather', 'guess who', 'guess what', 'game of thrones', 'fruit of the loom',
];

/**
 * Words before an ordinary-word mark that make it the word ("like a boss", "mind the gap", "my
 * next"): brand names are not preceded by an article or a possessive in listings.
 */
export const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'their', 'his', 'her', 'its', 'this', 'that', 'these', 'those', 'every', 'each', 'no', 'any', 'some']);

/** Words after a name that make it a person, a place or a work ("Nike of Samothrace", "Prado museum", "Fila Brasileiro dog"). */
export const PLACE_WORDS = new Set(['museum', 'gallery', 'cathedral', 'church', 'temple', 'palace', 'statue', 'goddess', 'mythology', 'river', 'mountain']);
/** Animals: after a name and another word ("Fila Brasileiro dog") the name is a breed; right after a mark it may be the brand's pet line. */
export const BREED_WORDS = new Set(['dog', 'puppy', 'breed', 'horse', 'stallion', 'cat', 'kitten']);

/** Colour words that are also marks ("Camel wool coat", "Stone jeans"): before a material or a colour word they are the colour. */
export const COLOUR_WORDS = new Set([
  'camel', 'sand', 'stone', 'coral', 'olive', 'navy', 'ivory', 'cream', 'mint', 'rose', 'peach', 'lemon', 'lime', 'cherry', 'wine',
  'plum', 'chocolate', 'coffee', 'caramel', 'honey', 'mustard', 'khaki', 'taupe', 'tan', 'rust', 'slate', 'charcoal', 'pearl',
  'champagne', 'bronze', 'copper', 'ruby', 'emerald', 'sapphire', 'jade', 'amber',
]);

/** Materials and fabrics a colour word may describe. */
export const MATERIAL_WORDS = new Set([
  'wool', 'hair', 'suede', 'leather', 'cotton', 'silk', 'cashmere', 'velvet', 'linen', 'denim', 'fur', 'felt', 'knit', 'fleece', 'satin',
  'tweed', 'corduroy', 'nubuck', 'canvas', 'colour', 'color', 'coloured', 'colored', 'tone', 'toned', 'shade', 'melange',
]);

/**
 * Russian prepositions of what a thing has or is made of ("with", "of", "without"): a Cyrillic
 * mark declined after one ("кольцо с алмазом", a ring with a diamond) is the ordinary noun.
 * Not "от" (from: "Часы от Алмаза" names the maker).
 */
export const CYRILLIC_PREPOSITIONS = new Set(['с', 'со', 'из', 'без']);

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
