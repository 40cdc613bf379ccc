/**
 * What goods a parcel line holds, known two ways: from the declared HS code and from the words
 * of the description. A trademark only counts for the goods it protects, and words that contradict
 * the declared code (sneakers declared as plastic articles) are themselves a risk signal.
 */

/** Product words and the HS prefixes of the goods they name. Matched on plain tokens, singular or plural. */
const GOODS_WORD_LIST: Record<string, string[]> = {
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
  // more everyday product words of listings
  pullover: ['61', '62'], windbreaker: ['61', '62'], anorak: ['61', '62'], blazer: ['61', '62'], trousers: ['61', '62'],
  chinos: ['62'], shorts: ['61', '62'], romper: ['61', '62'], pajamas: ['61', '62'],
  tights: ['61'], bra: ['62'], swimsuit: ['61', '62'], overalls: ['61', '62'], fleece: ['61', '62'], gilet: ['61', '62'], poncho: ['61', '62'],
  loafers: ['64'], slides: ['64'], clogs: ['64'], mules: ['64'], pumps: ['64'], flats: ['64'], espadrilles: ['64'], trainers: ['64'],
  duffel: ['4202'], duffle: ['4202'], holdall: ['4202'], rucksack: ['4202'], pouch: ['4202'], messenger: ['4202'], shopper: ['4202'], bumbag: ['4202'],
  beret: ['6505'], visor: ['6505'], snapback: ['6505'], headband: ['6505', '61'],
  bangle: ['7113', '7117'], brooch: ['7113', '7117'], anklet: ['7113', '7117'], cufflinks: ['7113', '7117'], 
  earphones: ['8518'], headphones: ['8518'], earbuds: ['8518'], subwoofer: ['8518'],
  joystick: ['9504'], playstation: ['9504'],
  ball: ['9506'], football: ['9506'], basketball: ['9506'], volleyball: ['9506'], racket: ['9506'], racquet: ['9506'], 
  skateboard: ['9506'], dumbbell: ['9506'],
  eyeliner: ['3304'], concealer: ['3304'], blush: ['3304'], serum: ['3304'], moisturiser: ['3304'], moisturizer: ['3304'],
  lotion: ['3304'], shampoo: ['3305'], deodorant: ['3307'],
  tripod: ['9620'], ereader: ['8471'], ssd: ['8471'], harddrive: ['8471'],
  bricks: ['9503'], minifigure: ['9503'], teddy: ['9503'], kite: ['9503'], yoyo: ['9503'],
  // household and personal care, doorbells and thermostats: goods of often-imitated consumer brands
  // (a four-letter mark's slip counts only where the words name its goods too)
  detergent: ['3402'], softener: ['3809', '3402'], bodywash: ['3401'],
  conditioner: ['3305'], hairspray: ['3305'], toothpaste: ['3306'], mouthwash: ['3306'], toothbrush: ['9603'],
  antiperspirant: ['3307'], eyeshadow: ['3304'], foundation: ['3304'], bronzer: ['3304'], highlighter: ['3304', '9608'],
  sunscreen: ['3304'], lipgloss: ['3304'], razor: ['8212', '8510'], shaver: ['8510'],
  tampon: ['9619'], diaper: ['9619'], nappy: ['9619'], nappies: ['9619'],
  doorbell: ['8531'], thermostat: ['9032'], webcam: ['8525'], dashcam: ['8525'], camcorders: ['8525'],
  kettle: ['8516'], toaster: ['8516'], hairdryer: ['8516'], blender: ['8509'],
  lubricant: ['2710', '3403'], antifreeze: ['3820'],
  // other
  lighter: ['9613'], cigarette: ['2402'], bicycle: ['8712'], bus: ['8702', '9503'], car: ['8703', '9503'],
  // Russian (and other Cyrillic-script) listings
  кроссовки: ['64'], кроссовок: ['64'], обувь: ['64'], ботинки: ['64'], туфли: ['64'], кеды: ['64'], сапоги: ['64'], сандалии: ['64'],
  сумка: ['4202'], сумки: ['4202'], кошелек: ['4202'], рюкзак: ['4202'], портмоне: ['4202'], ремень: ['4203'],
  часы: ['9101', '9102'], наручные: ['9101', '9102'], браслет: ['7113', '7117'], кольцо: ['7113', '7117'], серьги: ['7113', '7117'],
  ожерелье: ['7113', '7117'], украшения: ['7113', '7117'], кулон: ['7113', '7117'],
  куртка: ['61', '62'], футболка: ['61', '62'], толстовка: ['61', '62'], худи: ['61', '62'], платье: ['61', '62'], джинсы: ['62'],
  брюки: ['61', '62'], свитер: ['61', '62'], рубашка: ['61', '62'], кепка: ['6505'], шапка: ['6505'], очки: ['9004'],
  духи: ['3303'], парфюм: ['3303'], туалетная: ['3303'], помада: ['3304'], косметика: ['3304'],
  наушники: ['8518'], колонка: ['8518'], телефон: ['8517'], смартфон: ['8517'], ноутбук: ['8471'], планшет: ['8471'],
  камера: ['8525', '9006'], фотоаппарат: ['9006'], зарядка: ['8504'], игрушка: ['9503'], игрушки: ['9503'], конструктор: ['9503'],
  кукла: ['9503'], лекарство: ['3004'], таблетки: ['3004'], колодки: ['870830'],
  // Greek
  παπουτσια: ['64'], τσαντα: ['4202'], ρολοι: ['9101', '9102'], αρωμα: ['3303'], ακουστικα: ['8518'],
};

const stripAccents = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

/** Product words and the HS prefixes of the goods they name, keyed by their plain form (a Map: titles are untrusted text). */
const GOODS_WORDS = new Map<string, string[]>(Object.entries(GOODS_WORD_LIST).map(([w, hs]) => [stripAccents(w), hs]));

/**
 * The same for scripts written without spaces, found as characters inside the text: Chinese
 * (simplified and traditional), Japanese, Korean. Longer words first, so 运动鞋 wins over 鞋.
 */
const UNSPACED_GOODS: readonly [string, string[]][] = ([
  ['运动鞋', ['64']], ['運動鞋', ['64']], ['球鞋', ['64']], ['板鞋', ['64']], ['跑鞋', ['64']], ['靴', ['64']], ['鞋', ['64']],
  ['スニーカー', ['64']], ['シューズ', ['64']], ['신발', ['64']], ['운동화', ['64']],
  ['手提包', ['4202']], ['手袋', ['4202']], ['钱包', ['4202']], ['錢包', ['4202']], ['背包', ['4202']], ['包', ['4202']],
  ['バッグ', ['4202']], ['財布', ['4202']], ['가방', ['4202']], ['지갑', ['4202']],
  ['手表', ['9101', '9102']], ['手錶', ['9101', '9102']], ['腕表', ['9101', '9102']], ['腕時計', ['9101', '9102']], ['時計', ['9101', '9102']], ['시계', ['9101', '9102']],
  ['项链', ['7113', '7117']], ['項鍊', ['7113', '7117']], ['手链', ['7113', '7117']], ['戒指', ['7113', '7117']], ['耳环', ['7113', '7117']], ['首饰', ['7113', '7117']],
  ['ネックレス', ['7113', '7117']], ['ブレスレット', ['7113', '7117']], ['指輪', ['7113', '7117']],
  ['外套', ['61', '62']], ['夹克', ['61', '62']], ['卫衣', ['61', '62']], ['衬衫', ['61', '62']], ['T恤', ['61', '62']], ['t恤', ['61', '62']], ['裤', ['61', '62']],
  ['ジャケット', ['61', '62']], ['シャツ', ['61', '62']], ['パーカー', ['61', '62']], ['티셔츠', ['61', '62']],
  ['帽', ['6505']], ['キャップ', ['6505']], ['太阳镜', ['9004']], ['墨镜', ['9004']], ['眼镜', ['9004']], ['サングラス', ['9004']],
  ['香水', ['3303']], ['口红', ['3304']], ['化妆品', ['3304']], ['化粧品', ['3304']], ['향수', ['3303']],
  ['耳机', ['8518']], ['耳機', ['8518']], ['音箱', ['8518']], ['イヤホン', ['8518']], ['ヘッドホン', ['8518']], ['이어폰', ['8518']],
  ['手机', ['8517']], ['手機', ['8517']], ['スマホ', ['8517']], ['スマートフォン', ['8517']], ['휴대폰', ['8517']],
  ['充电器', ['8504']], ['笔记本电脑', ['8471']], ['电脑', ['8471']], ['平板', ['8471']], ['相机', ['8525', '9006']], ['カメラ', ['8525', '9006']],
  ['玩具', ['9503']], ['积木', ['9503']], ['おもちゃ', ['9503']], ['ブロック', ['9503']], ['장난감', ['9503']],
  ['药', ['3004']], ['薬', ['3004']], ['刹车片', ['870830']],
] as [string, string[]][]).map(([w, hs]) => [w.normalize('NFKC').toLowerCase(), hs] as [string, string[]]);

/** Words that, together, name goods better than either alone. */
const GOODS_PHRASES: [string[], string[]][] = [
  [['brake', 'pad'], ['870830']],
  [['football', 'boots'], ['64']],
  [['football', 'boot'], ['64']],
  [['football', 'shoes'], ['64']],
  [['basketball', 'shoes'], ['64']],
  [['tennis', 'shoes'], ['64']],
  [['golf', 'shoes'], ['64']],
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
  [['motor', 'oil'], ['2710']],
  [['engine', 'oil'], ['2710']],
  [['gear', 'oil'], ['2710']],
  [['washing', 'powder'], ['3402']],
  [['washing', 'liquid'], ['3402']],
  [['laundry', 'pods'], ['3402']],
  [['laundry', 'liquid'], ['3402']],
  [['laundry', 'detergent'], ['3402']],
  [['soap', 'bar'], ['3401']],
  [['bar', 'soap'], ['3401']],
  [['body', 'spray'], ['3307']],
  [['body', 'wash'], ['3401']],
  [['shower', 'gel'], ['3401']],
  [['beauty', 'bar'], ['3401']],
  [['face', 'cream'], ['3304']],
  [['hand', 'cream'], ['3304']],
  [['nail', 'polish'], ['3304']],
  [['lip', 'gloss'], ['3304']],
  [['panty', 'liners'], ['9619']],
  [['panty', 'liner'], ['9619']],
  [['sanitary', 'towels'], ['9619']],
  [['sanitary', 'pads'], ['9619']],
  [['hair', 'dryer'], ['8516']],
  [['vacuum', 'cleaner'], ['8508']],
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

/** Goods the words of a description name, with the words that name them; `unspaced` are the runs of scripts written without spaces. */
export function goodsFromWords(plainTokens: readonly string[], unspaced: readonly string[] = []): GoodsCue | null {
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
  for (const run of unspaced) {
    let rest = run;
    for (const [word, codes] of UNSPACED_GOODS) {
      if (!rest.includes(word)) continue;
      for (const h of codes) hs.add(h);
      words.push(word);
      // 鞋 inside 运动鞋 was counted with it.
      rest = rest.split(word).join(' ');
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
