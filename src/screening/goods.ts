/**
 * What goods a parcel line holds, known two ways: from the declared HS code and from the words
 * of the description. A trademark only counts for the goods it protects, and words that contradict
 * the declared code (sneakers declared as plastic articles) are themselves a risk signal.
 */

/**
 * Product words and the HS prefixes of the goods they name. Matched on plain tokens, singular or
 * plural. A Map, not an object: a description word such as "constructor" must not find a built-in.
 */
const GOODS_WORDS: ReadonlyMap<string, string[]> = new Map(Object.entries({
  // footwear
  shoe: ['64'], sneaker: ['64'], trainer: ['64'], boot: ['64'], sandal: ['64'], slipper: ['64'], loafer: ['64'],
  heel: ['64'], footwear: ['64'], slide: ['64'], cleat: ['64'], moccasin: ['64'], espadrille: ['64'], flipflop: ['64'],
  // bags and leather goods
  bag: ['4202'], handbag: ['4202'], purse: ['4202'], wallet: ['4202'], backpack: ['4202'], tote: ['4202'],
  clutch: ['4202'], satchel: ['4202'], luggage: ['4202'], suitcase: ['4202'], briefcase: ['4202'], crossbody: ['4202'],
  cardholder: ['4202'], keychain: ['7117', '4202'], belt: ['4203', '6217'],
  // watches and jewellery
  watch: ['9101', '9102'], wristwatch: ['9101', '9102'], chronograph: ['9101', '9102'], timepiece: ['9101', '9102'],
  necklace: ['7113', '7117'], bracelet: ['7113', '7117', '9113'], ring: ['7113', '7117'], earring: ['7113', '7117'],
  pendant: ['7113', '7117'], jewelry: ['7113', '7117'], jewellery: ['7113', '7117'],
  // clothing and accessories
  jacket: ['61', '62'], coat: ['61', '62'], hoodie: ['61', '62'], sweatshirt: ['61', '62'], shirt: ['61', '62'],
  tshirt: ['61', '62'], tee: ['61', '62'], jeans: ['62'], trouser: ['61', '62'], pant: ['61', '62'], dress: ['61', '62'],
  skirt: ['61', '62'], sweater: ['61', '62'], jumper: ['61', '62'], jersey: ['61', '62'], short: ['61', '62'],
  tracksuit: ['61', '62'], legging: ['61', '62'], sock: ['61'], underwear: ['61', '62'], bikini: ['61', '62'],
  cardigan: ['61', '62'], blouse: ['61', '62'], vest: ['61', '62'], parka: ['61', '62'], scarf: ['6117', '6214'],
  cap: ['6505'], hat: ['6505'], beanie: ['6505'], glove: ['6116', '4203'], tie: ['6117', '6215'],
  // eyewear, perfume, cosmetics
  sunglass: ['9004'], sunglasses: ['9004'], eyewear: ['9004'], eyeglass: ['9003', '9004'],
  perfume: ['3303'], fragrance: ['3303'], parfum: ['3303'], cologne: ['3303'], toilette: ['3303'],
  lipstick: ['3304'], mascara: ['3304'], cosmetic: ['3304'], makeup: ['3304'], skincare: ['3304'],
  // electronics
  earbud: ['8518'], earphone: ['8518'], headphone: ['8518'], headset: ['8518'], speaker: ['8518'], airpod: ['8518'],
  soundbar: ['8518'], amplifier: ['8518'], microphone: ['8518'],
  phone: ['8517'], smartphone: ['8517'], cellphone: ['8517'], router: ['8517'], smartwatch: ['8517', '9102'],
  charger: ['8504'], adapter: ['8504', '8536'], cable: ['8544'], battery: ['8507', '8506'], powerbank: ['8507'],
  laptop: ['8471'], notebook: ['8471', '4820'], tablet: ['8471', '3004'], computer: ['8471'], keyboard: ['8471'], mouse: ['8471'],
  camera: ['8525', '9006'], camcorder: ['8525'], lens: ['9002'], television: ['8528'], tv: ['8528'], monitor: ['8528'],
  projector: ['8528'], console: ['9504'], controller: ['9504', '8471'], gamepad: ['9504'], printer: ['8443'], ink: ['3215', '8443'],
  toner: ['3707', '8443'], turntable: ['8519'], receiver: ['8527', '8528'], drone: ['8806'],
  // software and media
  software: ['8523'], dvd: ['8523'], cd: ['8523'], license: ['8523'], licence: ['8523'],
  // toys and games
  toy: ['9503'], doll: ['9503'], puzzle: ['9503'], plush: ['9503'], figurine: ['9503'], lego: ['9503'], playset: ['9503'],
  // medicines and supplements
  medicine: ['3004'], pill: ['3004'], capsule: ['3004', '2106'], medication: ['3004'], antibiotic: ['3004'], drug: ['3004'],
  supplement: ['2106'], vitamin: ['2106', '2936'], fishoil: ['1504'],
  // vehicle parts
  brake: ['8708'], caliper: ['8708'], sparkplug: ['8511'], airbag: ['8708'],
  // food and drink (homonym goods for word marks: Apple cider vinegar, Omega 3)
  vinegar: ['2209'], cider: ['2206'], juice: ['2009'], tea: ['0902'], coffee: ['0901'], oil: ['1504', '1509', '1517'],
  // the same goods in the languages of EU manifests (German, French, Italian, Spanish, Dutch, Polish)
  schuh: ['64'], schuhe: ['64'], turnschuhe: ['64'], chaussure: ['64'], chaussures: ['64'], baskets: ['64'], scarpe: ['64'],
  zapatos: ['64'], zapatillas: ['64'], schoenen: ['64'], buty: ['64'], sneakers: ['64'],
  tasche: ['4202'], handtasche: ['4202'], sac: ['4202'], borsa: ['4202'], bolso: ['4202'], tas: ['4202'], torebka: ['4202'],
  portemonnaie: ['4202'], portefeuille: ['4202'], portafoglio: ['4202'], cartera: ['4202'], portfel: ['4202'],
  uhr: ['9101', '9102'], armbanduhr: ['9101', '9102'], herrenuhr: ['9101', '9102'], damenuhr: ['9101', '9102'], montre: ['9101', '9102'],
  orologio: ['9101', '9102'], reloj: ['9101', '9102'], horloge: ['9101', '9102'], zegarek: ['9101', '9102'],
  profumo: ['3303'], perfum: ['3303'], perfumy: ['3303'], kopfhorer: ['8518'], ecouteurs: ['8518'], auricolari: ['8518'], auriculares: ['8518'],
  jacke: ['61', '62'], veste: ['61', '62'], giacca: ['61', '62'], chaqueta: ['61', '62'], kurtka: ['61', '62'],
  lunettes: ['9004'], sonnenbrille: ['9004'], occhiali: ['9004'], gafas: ['9004'],
  medikament: ['3004'], medicament: ['3004'], farmaco: ['3004'], medicamento: ['3004'], tabletten: ['3004'],
  bremsbelage: ['870830'], plaquettes: ['870830'],
  // other
  lighter: ['9613'], cigarette: ['2402'], bicycle: ['8712'], bus: ['8702', '9503'], car: ['8703', '9503'],
}));

/** Words that, together, name goods better than either alone. */
const GOODS_PHRASES: [string[], string[]][] = [
  [['brake', 'pad'], ['870830']],
  [['brake', 'pads'], ['870830']],
  [['fish', 'oil'], ['1504']],
  [['spark', 'plug'], ['8511']],
  [['phone', 'case'], ['3926', '4202']],
  [['watch', 'strap'], ['9113']],
  [['watch', 'band'], ['9113']],
  [['eau', 'de'], ['3303']],
  [['toy', 'car'], ['9503']],
  [['toy', 'bus'], ['9503']],
  [['tea', 'bags'], ['0902']],
  [['tea', 'bag'], ['0902']],
  [['sleeping', 'bag'], ['9404']],
  [['bean', 'bag'], ['9401']],
];

/**
 * HS headings for "other articles": codes under which branded goods get declared to look
 * harmless. Words naming other goods on such a code are a misdeclaration signal by themselves.
 */
const CATCH_ALL_HS = ['3926', '3924', '6307', '7326', '7616', '4016', '4823', '9505', '6117', '3923', '4819', '9999'];

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export interface GoodsCue {
  /** HS prefixes the words point at. */
  hs: string[];
  /** The words, as written in the plain token form. */
  words: string[];
}

/** Goods the words of a description name, with the words that name them. */
export function goodsFromWords(plainTokens: readonly string[]): GoodsCue | null {
  const hs = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < plainTokens.length; i++) {
    const t = plainTokens[i]!;
    // Counts between the words of a phrase do not break it: "tea 20 bags".
    let j = i + 1;
    while (j < plainTokens.length && /^\d+$/.test(plainTokens[j]!)) j++;
    const next = plainTokens[j];
    const phrase = next === undefined ? undefined : GOODS_PHRASES.find(([a]) => a[0] === t && a[1] === next);
    if (phrase) {
      // A phrase overrides its parts: "phone case" is a case, not a phone.
      for (const h of phrase[1]) hs.add(h);
      words.push(`${t} ${next}`);
      i = j;
      continue;
    }
    const codes = GOODS_WORDS.get(t) ?? GOODS_WORDS.get(singular(t));
    if (codes) {
      for (const h of codes) hs.add(h);
      words.push(t);
    }
  }
  return words.length ? { hs: [...hs], words } : null;
}

/** True when two HS prefixes describe overlapping goods (one is a prefix of the other). */
export function hsOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

export function anyOverlap(as: readonly string[], bs: readonly string[]): boolean {
  for (const a of as) for (const b of bs) if (hsOverlap(a, b)) return true;
  return false;
}

export function isCatchAllHs(hs: string): boolean {
  return CATCH_ALL_HS.some((p) => hs.startsWith(p));
}

/** Product words that are also trademarks of their own goods ("polo" shirts): a mark equal to one needs more than goods context. */
export const GENERIC_PRODUCT_WORDS = new Set(['polo', 'oxford', 'derby', 'bomber', 'chino', 'trench', 'aviator', 'boxer', 'moccasin', 'espadrille', 'wellington', 'brogue', 'clog', 'mule', 'jogger', 'trainer']);

/** Words that say nothing about what is inside: a line described only by them is vague. */
export const VAGUE_WORDS = new Set([
  'gift', 'gifts', 'goods', 'item', 'items', 'sample', 'samples', 'accessory', 'accessories', 'parts', 'part', 'product',
  'products', 'stuff', 'merchandise', 'clothes', 'clothing', 'apparel', 'misc', 'miscellaneous', 'various', 'general',
  'present', 'other', 'others', 'article', 'articles', 'commodity', 'package', 'parcel', 'personal', 'effects', 'used',
  'new', 'spare', 'set', 'kit', 'free', 'of', 'charge', 'nc', 'foc', 'the', 'a', 'and', 'for', 'with',
]);
