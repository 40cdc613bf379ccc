/**
 * Kinds of goods the evaluation's marks protect: the HS prefixes written into the registry, and
 * the products a parcel of that kind declares (6-digit HS code, product words in English, Chinese,
 * Japanese and Russian, a price range in EUR). Written from the HS nomenclature and ordinary
 * shop vocabulary, without looking at the engine's goods words.
 */
export type GoodsKind =
  | 'shoes' | 'clothing' | 'bags' | 'leather' | 'accessories' | 'watches' | 'jewellery' | 'eyewear'
  | 'phones' | 'audio' | 'cameras' | 'computers' | 'tv' | 'printers' | 'consoles' | 'appliances'
  | 'toys' | 'sports' | 'cosmetics' | 'perfume' | 'toiletries' | 'hygiene' | 'detergent' | 'pens'
  | 'houseware' | 'lubricants' | 'cars' | 'knives' | 'smart-home';

export interface Product {
  hsCode: string;
  en: string[];
  zh: string[];
  ja: string[];
  ru: string[];
}

export interface GoodsSpec {
  prefixes: string[];
  price: [number, number];
  products: Product[];
  /** Attributes that fit the goods ("size 42", "128GB"), appended to English titles. */
  attributes: string[];
}

const p = (hsCode: string, en: string[], zh: string[], ja: string[], ru: string[]): Product => ({ hsCode, en, zh, ja, ru });

export const GOODS: Record<GoodsKind, GoodsSpec> = {
  shoes: {
    prefixes: ['64'],
    price: [18, 90],
    attributes: ['size 42', 'EU 40', 'US 9', 'size 38', 'UK 8', 'size 44'],
    products: [
      p('640411', ['running shoes', 'sneakers', 'trainers', 'basketball shoes'], ['运动鞋', '跑步鞋', '篮球鞋'], ['スニーカー', 'ランニングシューズ'], ['кроссовки', 'беговые кроссовки']),
      p('640399', ['leather boots', 'ankle boots', 'loafers'], ['皮靴', '短靴'], ['ブーツ', 'ローファー'], ['ботинки', 'сапоги']),
      p('640299', ['slides', 'sandals', 'flip flops'], ['拖鞋', '凉鞋'], ['サンダル'], ['шлепанцы', 'сандалии']),
    ],
  },
  clothing: {
    prefixes: ['61', '62'],
    price: [8, 70],
    attributes: ['size M', 'size L', 'XL', 'size S', 'XXL', 'one size'],
    products: [
      p('610910', ['t-shirt', 'cotton tee', 'graphic t-shirt'], ['T恤', '短袖T恤'], ['Tシャツ'], ['футболка']),
      p('611020', ['hoodie', 'sweatshirt', 'pullover'], ['卫衣', '连帽衫'], ['パーカー', 'トレーナー'], ['толстовка', 'худи']),
      p('620193', ['jacket', 'windbreaker', 'down jacket'], ['夹克', '羽绒服'], ['ジャケット', 'ダウンジャケット'], ['куртка', 'пуховик']),
      p('620342', ['jeans', 'trousers', 'track pants'], ['牛仔裤', '长裤'], ['ジーンズ', 'パンツ'], ['джинсы', 'брюки']),
    ],
  },
  bags: {
    prefixes: ['4202'],
    price: [15, 120],
    attributes: ['black', 'brown', 'beige', 'large', 'mini', 'monogram canvas'],
    products: [
      p('420221', ['handbag', 'shoulder bag', 'tote bag', 'crossbody bag'], ['手提包', '单肩包', '斜挎包'], ['ハンドバッグ', 'ショルダーバッグ'], ['сумка', 'сумка через плечо']),
      p('420292', ['backpack', 'travel bag', 'duffel bag'], ['双肩包', '旅行包'], ['リュック', 'バックパック'], ['рюкзак', 'дорожная сумка']),
    ],
  },
  leather: {
    prefixes: ['4202', '4203'],
    price: [10, 60],
    attributes: ['genuine leather', 'black', 'brown', 'gift box'],
    products: [
      p('420231', ['wallet', 'card holder', 'purse'], ['钱包', '卡包'], ['財布', 'カードケース'], ['кошелек', 'визитница']),
      p('420330', ['leather belt', 'belt'], ['皮带', '腰带'], ['ベルト'], ['ремень']),
    ],
  },
  accessories: {
    prefixes: ['6214', '6117', '6505'],
    price: [8, 45],
    attributes: ['silk', 'wool', 'unisex', 'gift'],
    products: [
      p('621410', ['silk scarf', 'scarf', 'shawl'], ['丝巾', '围巾'], ['スカーフ', 'マフラー'], ['шарф', 'платок']),
      p('650500', ['baseball cap', 'bucket hat', 'beanie'], ['棒球帽', '渔夫帽'], ['キャップ', '帽子'], ['кепка', 'шапка']),
    ],
  },
  watches: {
    prefixes: ['9101', '9102'],
    price: [15, 150],
    attributes: ['stainless steel', '40mm', 'automatic', 'quartz', 'chronograph', 'leather strap'],
    products: [
      p('910211', ['wrist watch', 'watch', 'chronograph watch'], ['手表', '腕表'], ['腕時計', '時計'], ['часы', 'наручные часы']),
      p('910221', ['automatic watch', 'diver watch'], ['机械表', '潜水表'], ['自動巻き時計'], ['механические часы']),
    ],
  },
  jewellery: {
    prefixes: ['7113', '7117'],
    price: [8, 90],
    attributes: ['925 silver', 'gold plated', 'gift box', 'for women'],
    products: [
      p('711311', ['bracelet', 'charm bracelet', 'necklace', 'ring'], ['手链', '项链', '戒指'], ['ブレスレット', 'ネックレス', '指輪'], ['браслет', 'колье', 'кольцо']),
      p('711719', ['earrings', 'pendant', 'brooch'], ['耳环', '吊坠'], ['ピアス', 'ペンダント'], ['серьги', 'подвеска']),
    ],
  },
  eyewear: {
    prefixes: ['9004'],
    price: [8, 60],
    attributes: ['polarized', 'UV400', 'unisex', 'black frame'],
    products: [p('900410', ['sunglasses', 'aviator sunglasses'], ['太阳镜', '墨镜'], ['サングラス'], ['солнцезащитные очки', 'очки'])],
  },
  phones: {
    prefixes: ['8517'],
    price: [40, 300],
    attributes: ['128GB', '256GB', 'dual SIM', '5G', 'unlocked'],
    products: [p('851713', ['smartphone', 'mobile phone', 'cell phone'], ['手机', '智能手机'], ['スマートフォン', 'スマホ'], ['смартфон', 'телефон'])],
  },
  audio: {
    prefixes: ['8518', '8519'],
    price: [10, 120],
    attributes: ['wireless', 'bluetooth 5.3', 'noise cancelling', 'black'],
    products: [
      p('851830', ['headphones', 'earbuds', 'wireless earphones'], ['耳机', '蓝牙耳机'], ['イヤホン', 'ヘッドホン'], ['наушники', 'беспроводные наушники']),
      p('851822', ['bluetooth speaker', 'portable speaker'], ['音箱', '蓝牙音箱'], ['スピーカー'], ['колонка', 'портативная колонка']),
    ],
  },
  cameras: {
    prefixes: ['8525', '8806'],
    price: [30, 300],
    attributes: ['4K', 'with remote', 'full HD', 'kit'],
    products: [
      p('852589', ['digital camera', 'action camera', 'security camera'], ['相机', '运动相机'], ['カメラ', 'デジタルカメラ'], ['фотоаппарат', 'камера']),
      p('880622', ['camera drone', 'mini drone'], ['无人机'], ['ドローン'], ['дрон', 'квадрокоптер']),
    ],
  },
  computers: {
    prefixes: ['8471', '8473'],
    price: [20, 400],
    attributes: ['16GB RAM', '512GB SSD', 'wireless', '13 inch'],
    products: [
      p('847130', ['laptop', 'notebook computer', 'tablet'], ['笔记本电脑', '平板电脑'], ['ノートパソコン', 'タブレット'], ['ноутбук', 'планшет']),
      p('847160', ['wireless mouse', 'keyboard', 'gaming mouse'], ['鼠标', '键盘'], ['マウス', 'キーボード'], ['мышь', 'клавиатура']),
    ],
  },
  tv: {
    prefixes: ['8528'],
    price: [80, 400],
    attributes: ['55 inch', '4K UHD', 'smart TV', 'HDR'],
    products: [p('852872', ['LED TV', 'smart television', 'monitor'], ['电视机', '液晶电视'], ['テレビ', '液晶テレビ'], ['телевизор'])],
  },
  printers: {
    prefixes: ['8443'],
    price: [40, 250],
    attributes: ['wireless', 'A4', 'duplex', 'colour'],
    products: [
      p('844332', ['printer', 'inkjet printer', 'label printer'], ['打印机'], ['プリンター'], ['принтер']),
      p('844399', ['toner cartridge', 'ink cartridge'], ['墨盒', '硒鼓'], ['インクカートリッジ'], ['картридж']),
    ],
  },
  consoles: {
    prefixes: ['9504'],
    price: [15, 300],
    attributes: ['with 2 controllers', 'bundle', 'wireless', '1TB'],
    products: [
      p('950450', ['game console', 'wireless controller', 'gamepad'], ['游戏机', '游戏手柄'], ['ゲーム機', 'コントローラー'], ['игровая приставка', 'геймпад']),
    ],
  },
  appliances: {
    prefixes: ['8508', '8509', '8516'],
    price: [20, 250],
    attributes: ['1600W', 'cordless', 'with attachments', 'EU plug'],
    products: [
      p('851632', ['hair dryer', 'hair straightener', 'curling iron'], ['吹风机', '直发器'], ['ドライヤー', 'ヘアアイロン'], ['фен', 'выпрямитель']),
      p('850811', ['cordless vacuum cleaner', 'stick vacuum'], ['吸尘器'], ['掃除機'], ['пылесос']),
    ],
  },
  toys: {
    prefixes: ['9503'],
    price: [5, 60],
    attributes: ['for kids', 'gift set', 'ages 6+', 'collectible'],
    products: [
      p('950300', ['building blocks set', 'action figure', 'doll', 'toy car set', 'plush toy', 'vinyl figure'], ['积木', '玩具', '手办', '毛绒玩具'], ['ブロック', 'おもちゃ', 'フィギュア', 'ぬいぐるみ'], ['конструктор', 'игрушка', 'фигурка', 'кукла']),
    ],
  },
  sports: {
    prefixes: ['9506'],
    price: [8, 60],
    attributes: ['size 5', 'professional', 'training', 'outdoor'],
    products: [p('950662', ['football', 'basketball', 'soccer ball'], ['足球', '篮球'], ['サッカーボール', 'バスケットボール'], ['мяч', 'футбольный мяч'])],
  },
  cosmetics: {
    prefixes: ['3304'],
    price: [4, 40],
    attributes: ['waterproof', 'long lasting', '30 ml', 'set of 3'],
    products: [
      p('330410', ['lipstick', 'lip gloss', 'matte lipstick'], ['口红', '唇膏'], ['口紅', 'リップ'], ['помада', 'блеск для губ']),
      p('330499', ['foundation', 'face cream', 'mascara', 'eyeshadow palette'], ['粉底液', '面霜', '睫毛膏'], ['ファンデーション', 'クリーム', 'マスカラ'], ['тональный крем', 'крем для лица', 'тушь']),
    ],
  },
  perfume: {
    prefixes: ['3303'],
    price: [8, 70],
    attributes: ['100 ml', 'eau de parfum', 'eau de toilette', '50 ml'],
    products: [p('330300', ['perfume', 'eau de parfum', 'fragrance'], ['香水'], ['香水', 'フレグランス'], ['духи', 'парфюм', 'туалетная вода'])],
  },
  toiletries: {
    prefixes: ['3401', '3305', '3307'],
    price: [2, 20],
    attributes: ['250 ml', 'pack of 4', 'for sensitive skin', '48h'],
    products: [
      p('340111', ['beauty bar soap', 'soap bar', 'body wash'], ['香皂', '沐浴露'], ['石鹸', 'ボディソープ'], ['мыло', 'гель для душа']),
      p('330720', ['deodorant', 'antiperspirant spray', 'body spray'], ['止汗露', '香体喷雾'], ['デオドラント'], ['дезодорант']),
      p('330510', ['shampoo', 'conditioner'], ['洗发水', '护发素'], ['シャンプー'], ['шампунь']),
    ],
  },
  hygiene: {
    prefixes: ['9619'],
    price: [2, 15],
    attributes: ['pack of 32', 'ultra thin', 'night', 'normal'],
    products: [p('961900', ['sanitary pads', 'panty liners', 'sanitary towels'], ['卫生巾'], ['ナプキン'], ['прокладки'])],
  },
  detergent: {
    prefixes: ['3402'],
    price: [3, 25],
    attributes: ['2 kg', '40 washes', 'pods', 'liquid'],
    products: [p('340220', ['laundry detergent', 'washing powder', 'laundry pods'], ['洗衣液', '洗衣粉'], ['洗濯洗剤'], ['стиральный порошок'])],
  },
  pens: {
    prefixes: ['9608'],
    price: [3, 90],
    attributes: ['black ink', 'gift box', 'fine nib', 'blue ink'],
    products: [p('960810', ['ballpoint pen', 'fountain pen', 'rollerball pen'], ['圆珠笔', '钢笔'], ['ボールペン', '万年筆'], ['ручка', 'перьевая ручка'])],
  },
  houseware: {
    prefixes: ['3924', '6912', '7323'],
    price: [2, 25],
    attributes: ['set of 6', 'storage', 'kitchen', 'reusable'],
    products: [
      p('392410', ['food storage containers', 'lunch box', 'plastic cups'], ['保鲜盒', '饭盒'], ['保存容器', '弁当箱'], ['контейнер', 'ланч-бокс']),
      p('691200', ['ceramic mug', 'dinner plate', 'bowl'], ['马克杯', '陶瓷碗'], ['マグカップ', '皿'], ['кружка', 'тарелка']),
    ],
  },
  lubricants: {
    prefixes: ['2710', '3403'],
    price: [10, 60],
    attributes: ['5W-40', '4 L', 'fully synthetic', '1 L'],
    products: [p('271019', ['engine oil', 'motor oil', 'gear oil'], ['机油', '润滑油'], ['エンジンオイル'], ['моторное масло'])],
  },
  cars: {
    prefixes: ['8703', '8708'],
    price: [15, 300],
    attributes: ['OEM', 'front', 'set of 2', 'left side'],
    products: [p('870829', ['car floor mats', 'grille emblem', 'wing mirror cover', 'steering wheel cover'], ['汽车脚垫', '车标'], ['フロアマット', 'エンブレム'], ['коврики', 'эмблема'])],
  },
  knives: {
    prefixes: ['8211', '9307'],
    price: [10, 80],
    attributes: ['stainless steel', 'with sheath', 'folding', 'tactical'],
    products: [p('821193', ['folding knife', 'pocket knife', 'hunting knife'], ['折叠刀', '小刀'], ['ナイフ', '折りたたみナイフ'], ['нож', 'складной нож'])],
  },
  'smart-home': {
    prefixes: ['8531', '9032', '8525'],
    price: [25, 200],
    attributes: ['wifi', '1080p', 'with chime', 'battery'],
    products: [
      p('853110', ['video doorbell', 'smart doorbell', 'smoke alarm'], ['可视门铃'], ['ドアベル'], ['видеозвонок']),
      p('903289', ['smart thermostat', 'thermostat'], ['温控器'], ['サーモスタット'], ['термостат']),
    ],
  },
};

/** nsi-shop-brands.csv categories (brands/shop/<category>) to the goods they sell. */
export const NSI_CATEGORY_GOODS: Record<string, GoodsKind[]> = {
  clothes: ['clothing', 'shoes', 'bags'],
  shoes: ['shoes'],
  sports: ['shoes', 'clothing', 'sports'],
  fashion_accessories: ['bags', 'leather', 'accessories'],
  bag: ['bags', 'leather'],
  leather: ['bags', 'leather'],
  watches: ['watches'],
  jewelry: ['jewellery', 'watches'],
  optician: ['eyewear'],
  electronics: ['phones', 'audio', 'tv', 'computers', 'cameras'],
  mobile_phone: ['phones', 'audio'],
  computer: ['computers'],
  hifi: ['audio'],
  appliance: ['appliances'],
  video_games: ['consoles'],
  toys: ['toys'],
  cosmetics: ['cosmetics', 'perfume'],
  beauty: ['cosmetics'],
  perfumery: ['perfume'],
  chemist: ['cosmetics', 'toiletries'],
  variety_store: ['houseware', 'cosmetics', 'toys'],
  houseware: ['houseware'],
  department_store: ['clothing', 'houseware'],
};

export function prefixesOf(kinds: readonly GoodsKind[]): string[] {
  return [...new Set(kinds.flatMap((k) => GOODS[k].prefixes))];
}
