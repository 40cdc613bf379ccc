/**
 * Which marks the two registries hold. The names are chosen by hand (what is often counterfeited;
 * what is an ordinary word); their goods and their names in other scripts are taken from the
 * public brand lists where the lists have the brand (`brand-lists.ts`), and from `goods` here
 * otherwise. Names in Chinese, Japanese and Russian are test data written here from public
 * knowledge of the brands, with `script`.
 */
import type { GoodsKind } from './goods.ts';
import type { Script } from './model.ts';

export interface MarkSpec {
  name: string;
  /** Goods when the brand lists lack the brand (and added to theirs with `extraGoods`). */
  goods?: GoodsKind[];
  extraGoods?: GoodsKind[];
  aliases?: string[];
  scriptNames?: [string, Script][];
  authorizedSellers?: string[];
  /** Price floors by HS prefix (one of the mark's goods prefixes), in EUR. */
  priceFloors?: [string, number][];
  /** The brand's spelling in the lists, when it differs (`Tiffany & Company`). */
  listName?: string;
}

export const R1_SPECS: MarkSpec[] = [
  // Sportswear and shoes
  { name: 'Nike', extraGoods: ['shoes', 'sports'], aliases: ['Air Jordan', 'Air Max'], scriptNames: [['耐克', 'zh'], ['ナイキ', 'ja'], ['Найк', 'ru']], authorizedSellers: ['Nike Official Store Europe', 'Nike Retail B.V.'], priceFloors: [['64', 45]] },
  { name: 'Adidas', extraGoods: ['clothing', 'shoes', 'bags'], aliases: ['Yeezy', 'Stan Smith'], scriptNames: [['アディダス', 'ja'], ['Адидас', 'ru']], authorizedSellers: ['adidas International Trading B.V.'], priceFloors: [['64', 40]] },
  { name: 'Reebok', extraGoods: ['shoes'] },
  { name: 'New Balance', extraGoods: ['shoes'] },
  { name: 'Converse', aliases: ['Chuck Taylor'], extraGoods: ['clothing'] },
  { name: 'Asics', extraGoods: ['clothing'], aliases: ['Gel-Kayano'] },
  { name: 'Fila', extraGoods: ['clothing'] },
  { name: 'Under Armour', extraGoods: ['shoes'] },
  { name: 'Skechers' },
  { name: 'Timberland', extraGoods: ['clothing'] },
  { name: 'Dr. Martens' },
  { name: 'UGG' },
  { name: 'The North Face', extraGoods: ['bags'], authorizedSellers: ['The North Face Europe'], priceFloors: [['62', 60]] },
  { name: 'Moncler', authorizedSellers: ['Moncler S.p.A.'], priceFloors: [['62', 400]] },
  { name: 'Canada Goose', priceFloors: [['62', 350]] },
  { name: 'Lacoste', extraGoods: ['accessories'] },
  { name: 'Tommy Hilfiger', extraGoods: ['watches'] },
  { name: 'Calvin Klein', aliases: ['CK'], extraGoods: ['watches', 'perfume'] },
  { name: 'Ralph Lauren', goods: ['clothing', 'bags', 'perfume'] },
  { name: 'Hugo Boss', extraGoods: ['perfume', 'watches'] },
  { name: "Levi's" },
  { name: 'Stone Island', goods: ['clothing'] },
  { name: 'Li-Ning', goods: ['shoes', 'clothing', 'sports'], scriptNames: [['李宁', 'zh']] },
  // Fashion houses and leather goods
  { name: 'Louis Vuitton', extraGoods: ['leather', 'accessories'], aliases: ['LV', 'Neverfull'], scriptNames: [['路易威登', 'zh'], ['ルイヴィトン', 'ja']], authorizedSellers: ['Louis Vuitton Malletier'], priceFloors: [['4202', 300]] },
  { name: 'Gucci', goods: ['bags', 'leather', 'clothing', 'shoes', 'accessories', 'eyewear'], scriptNames: [['古驰', 'zh'], ['グッチ', 'ja'], ['Гуччи', 'ru']], authorizedSellers: ['Guccio Gucci S.p.A.'], priceFloors: [['4202', 250]] },
  { name: 'Prada', goods: ['bags', 'leather', 'clothing', 'shoes', 'eyewear'], authorizedSellers: ['Prada S.p.A.'], priceFloors: [['4202', 250]] },
  { name: 'Chanel', goods: ['bags', 'clothing', 'jewellery', 'perfume', 'cosmetics'], aliases: ['Coco Chanel'], scriptNames: [['香奈儿', 'zh'], ['シャネル', 'ja'], ['Шанель', 'ru']], authorizedSellers: ['Chanel SAS'], priceFloors: [['4202', 800], ['3303', 60]] },
  { name: 'Hermès', extraGoods: ['bags', 'leather', 'accessories'], aliases: ['Birkin'], authorizedSellers: ['Hermès Sellier'], priceFloors: [['4202', 1000]] },
  { name: 'Dior', goods: ['bags', 'clothing', 'perfume', 'cosmetics', 'eyewear'], scriptNames: [['迪奥', 'zh']] },
  { name: 'Burberry', goods: ['clothing', 'bags', 'accessories', 'perfume'] },
  { name: 'Balenciaga', goods: ['shoes', 'clothing', 'bags'] },
  { name: 'Versace', goods: ['clothing', 'bags', 'perfume', 'eyewear'] },
  { name: 'Fendi', goods: ['bags', 'leather', 'clothing'] },
  { name: 'Givenchy', goods: ['clothing', 'bags', 'perfume'] },
  { name: 'Valentino', goods: ['shoes', 'bags', 'clothing'] },
  { name: 'Saint Laurent', aliases: ['YSL', 'Yves Saint Laurent'], extraGoods: ['leather', 'cosmetics'] },
  { name: 'Dolce & Gabbana', aliases: ['D&G'], extraGoods: ['perfume', 'eyewear'] },
  { name: 'Armani', aliases: ['Emporio Armani'], goods: ['clothing', 'watches', 'perfume'] },
  { name: 'Michael Kors', aliases: ['MK'], goods: ['bags', 'leather', 'watches'], authorizedSellers: ['Michael Kors (Europe) B.V.'], priceFloors: [['4202', 90]] },
  { name: 'Kate Spade', goods: ['bags', 'leather'] },
  { name: 'Tory Burch', extraGoods: ['shoes'] },
  { name: 'Goyard', goods: ['bags', 'leather'] },
  { name: 'Bottega Veneta', extraGoods: ['shoes'] },
  { name: 'Celine', extraGoods: ['eyewear'] },
  { name: 'Chloé', extraGoods: ['perfume'] },
  { name: 'Montblanc', extraGoods: ['pens', 'watches'], authorizedSellers: ['Montblanc-Simplo GmbH'], priceFloors: [['9608', 150]] },
  // Watches and jewellery
  { name: 'Rolex', goods: ['watches'], aliases: ['Submariner', 'Daytona'], scriptNames: [['劳力士', 'zh'], ['ロレックス', 'ja'], ['Ролекс', 'ru']], authorizedSellers: ['Rolex SA'], priceFloors: [['9102', 3000], ['9101', 3000]] },
  { name: 'Omega', extraGoods: ['jewellery'], aliases: ['Seamaster', 'Speedmaster'] },
  { name: 'TAG Heuer' },
  { name: 'Cartier', goods: ['watches', 'jewellery', 'eyewear'] },
  { name: 'Patek Philippe', goods: ['watches'] },
  { name: 'Audemars Piguet', goods: ['watches'], aliases: ['Royal Oak'] },
  { name: 'Breitling', goods: ['watches'] },
  { name: 'Hublot', goods: ['watches'] },
  { name: 'Casio', goods: ['watches'], aliases: ['G-Shock'], scriptNames: [['卡西欧', 'zh'], ['カシオ', 'ja']], authorizedSellers: ['Casio Europe GmbH'], priceFloors: [['9102', 20]] },
  { name: 'Seiko', extraGoods: ['jewellery'] },
  { name: 'Tissot' },
  { name: 'Longines' },
  { name: 'Swarovski', authorizedSellers: ['Swarovski Crystal Online AG'], priceFloors: [['7117', 40]] },
  { name: 'Tiffany & Co.', listName: 'Tiffany & Company', aliases: ['Tiffany'], authorizedSellers: ['Tiffany & Co. Netherlands B.V.'], priceFloors: [['7113', 150]] },
  { name: 'Bulgari', aliases: ['Bvlgari'], goods: ['jewellery', 'watches', 'perfume'] },
  { name: 'Chow Tai Fook', goods: ['jewellery'], listName: '周大福 Chow Tai Fook', scriptNames: [['周大福', 'zh']] },
  // Eyewear
  { name: 'Ray-Ban', aliases: ['Wayfarer'], authorizedSellers: ['Luxottica S.p.A.'], priceFloors: [['9004', 70]] },
  { name: 'Oakley', extraGoods: ['clothing'] },
  // Electronics
  { name: 'Samsung', aliases: ['Galaxy S24'], authorizedSellers: ['Samsung Electronics Benelux B.V.'], priceFloors: [['8517', 150]] },
  { name: 'Huawei', aliases: ['MateBook'] },
  { name: 'Xiaomi', aliases: ['Redmi'], extraGoods: ['appliances'] },
  { name: 'Bose', goods: ['audio'], aliases: ['QuietComfort'] },
  { name: 'JBL', goods: ['audio'] },
  { name: 'Sennheiser', goods: ['audio'] },
  { name: 'Philips', goods: ['appliances', 'audio', 'tv'], scriptNames: [['飞利浦', 'zh']] },
  { name: 'Nikon', goods: ['cameras'] },
  { name: 'GoPro', goods: ['cameras'], aliases: ['Hero12'] },
  { name: 'DJI', goods: ['cameras'], aliases: ['Mavic'] },
  { name: 'Anker', goods: ['audio', 'computers'], aliases: ['Soundcore'] },
  { name: 'Logitech', goods: ['computers', 'audio'] },
  { name: 'Nintendo', goods: ['consoles', 'toys'], scriptNames: [['任天堂', 'ja']], authorizedSellers: ['Nintendo of Europe GmbH'], priceFloors: [['9504', 25]] },
  { name: 'PlayStation', goods: ['consoles'], aliases: ['DualSense'] },
  { name: 'Xbox', goods: ['consoles'] },
  { name: 'Garmin', goods: ['watches', 'cameras'], aliases: ['Forerunner'] },
  { name: 'Dyson', goods: ['appliances'], aliases: ['Airwrap'], authorizedSellers: ['Dyson Ltd'], priceFloors: [['8516', 200], ['8508', 200]] },
  { name: 'Lenovo', goods: ['computers', 'phones'], aliases: ['ThinkPad'], scriptNames: [['联想', 'zh']] },
  // Toys
  { name: 'Lego', aliases: ['Ninjago'], authorizedSellers: ['LEGO System A/S'], priceFloors: [['9503', 10]] },
  { name: 'Barbie', goods: ['toys'] },
  { name: 'Hot Wheels', goods: ['toys'] },
  { name: 'Pokémon', goods: ['toys', 'consoles'], aliases: ['Pikachu'], scriptNames: [['ポケモン', 'ja'], ['宝可梦', 'zh']] },
  { name: 'Hello Kitty', goods: ['toys', 'bags', 'accessories'], scriptNames: [['ハローキティ', 'ja']] },
  { name: 'Funko', goods: ['toys'] },
  { name: 'Nerf', goods: ['toys'] },
  // Cosmetics
  { name: "L'Oréal", goods: ['cosmetics', 'toiletries'] },
  { name: 'Lancôme', goods: ['cosmetics', 'perfume'] },
  { name: 'Estée Lauder', goods: ['cosmetics', 'perfume'] },
  { name: 'Maybelline', goods: ['cosmetics'] },
  { name: 'Clinique', goods: ['cosmetics'] },
  { name: 'Shiseido', scriptNames: [['資生堂', 'ja']] },
  // Registered in their own script, with the Latin name as alias
  { name: 'Daiso' },
  { name: 'Uniqlo' },
  { name: 'Яндекс', goods: ['audio', 'smart-home'], aliases: ['Yandex'] },
  { name: 'Калашников', goods: ['knives', 'clothing', 'bags'], aliases: ['Kalashnikov'] },
];

export const R2_SPECS: MarkSpec[] = [
  { name: 'Apple', goods: ['phones', 'computers', 'audio', 'watches'], aliases: ['iPhone', 'iPad', 'AirPods', 'MacBook'], scriptNames: [['苹果', 'zh'], ['アップル', 'ja']], authorizedSellers: ['Apple Distribution International Ltd'], priceFloors: [['8517', 300], ['8518', 80]] },
  { name: 'Coach', extraGoods: ['leather', 'shoes', 'watches', 'clothing'], authorizedSellers: ['Tapestry Europe B.V.'], priceFloors: [['4202', 120]] },
  { name: 'Guess', extraGoods: ['watches', 'shoes'] },
  { name: 'Puma', extraGoods: ['clothing', 'bags'], scriptNames: [['彪马', 'zh']], authorizedSellers: ['PUMA SE'], priceFloors: [['64', 35]] },
  { name: 'Shell', goods: ['lubricants'], aliases: ['Helix'] },
  { name: 'Jaguar', goods: ['cars', 'bags', 'clothing'] },
  { name: 'Mango', extraGoods: ['accessories'] },
  { name: 'Dove', goods: ['toiletries', 'cosmetics'], authorizedSellers: ['Unilever Europe B.V.'] },
  { name: 'Crocs', extraGoods: ['accessories'], aliases: ['Jibbitz'], authorizedSellers: ['Crocs Europe B.V.'], priceFloors: [['64', 25]] },
  { name: 'Pandora', extraGoods: ['bags'], authorizedSellers: ['Pandora Jewelry A/S'], priceFloors: [['7113', 30], ['7117', 30]] },
  { name: 'Swatch', extraGoods: ['jewellery'], authorizedSellers: ['The Swatch Group (Europe) GmbH'], priceFloors: [['9102', 50]] },
  { name: 'Sony', extraGoods: ['consoles'], aliases: ['Walkman', 'Bravia'], scriptNames: [['ソニー', 'ja'], ['索尼', 'zh']], authorizedSellers: ['Sony Europe B.V.'], priceFloors: [['8518', 30]] },
  { name: 'Gap', extraGoods: ['accessories'] },
  { name: 'Next' },
  { name: 'Boss', goods: ['clothing', 'shoes', 'perfume', 'watches'] },
  { name: 'Vans', goods: ['shoes', 'clothing', 'bags'] },
  { name: 'Canon', goods: ['cameras', 'printers'], scriptNames: [['キヤノン', 'ja'], ['佳能', 'zh']] },
  { name: 'Sharp', goods: ['tv', 'appliances'] },
  { name: 'Brother', goods: ['printers'] },
  { name: 'Fossil', extraGoods: ['bags', 'leather', 'jewellery'], authorizedSellers: ['Fossil Group Europe GmbH'], priceFloors: [['9102', 60]] },
  { name: 'Diesel', extraGoods: ['watches', 'shoes'] },
  { name: 'Champion', extraGoods: ['sports'] },
  { name: 'Supreme', goods: ['clothing', 'bags', 'accessories'] },
  { name: 'Columbia', extraGoods: ['shoes'] },
  { name: 'Patagonia', extraGoods: ['bags'] },
  { name: 'Monster', goods: ['audio'] },
  { name: 'Beats', goods: ['audio'], aliases: ['Beats by Dre'] },
  { name: 'Police', goods: ['eyewear', 'watches', 'perfume'] },
  { name: 'Citizen', goods: ['watches'] },
  { name: 'Orient', goods: ['watches'] },
  { name: 'Hunter', goods: ['shoes', 'clothing'] },
  { name: 'Palace', goods: ['clothing', 'shoes'] },
  { name: 'Bench', extraGoods: ['accessories'] },
  { name: 'Mustang', extraGoods: ['shoes'] },
  { name: 'Camel Active', aliases: ['Camel'], extraGoods: ['shoes'] },
  { name: 'Always', goods: ['hygiene'] },
  { name: 'Axe', goods: ['toiletries', 'perfume'] },
  { name: 'Tide', goods: ['detergent'] },
  { name: 'Kappa', goods: ['clothing', 'shoes', 'sports'] },
  { name: 'Arena', goods: ['clothing', 'sports'] },
  { name: 'Lee', goods: ['clothing'] },
  { name: 'Mulberry', extraGoods: ['accessories'] },
  { name: 'Off-White', extraGoods: ['shoes'] },
  { name: 'Polo Ralph Lauren', aliases: ['Polo'], goods: ['clothing'] },
  { name: 'Ring', goods: ['smart-home'] },
  { name: 'Nest', goods: ['smart-home'] },
  { name: 'Onitsuka Tiger', aliases: ['Tiger'], goods: ['shoes', 'clothing'] },
  { name: 'Jordan', goods: ['shoes', 'clothing'] },
  { name: 'Vogue Eyewear', aliases: ['Vogue'], goods: ['eyewear'] },
  { name: 'Muji', scriptNames: [['無印良品', 'ja']] },
  { name: 'Алмаз', goods: ['jewellery'], aliases: ['Almaz'] },
  { name: 'Рубин', goods: ['tv'], aliases: ['Rubin'] },
];
