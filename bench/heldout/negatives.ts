/**
 * Hand-written negatives, written without knowing the engine's lists: homonyms (a mark's word on
 * goods the mark does not protect), everyday phrases that contain or resemble a mark on goods it
 * does protect (colours, materials, patterns, model numerals, generic products), and genuine
 * near-brands, both from the public brand lists and a few known by name.
 */
import type { BrandLists } from './brand-lists.ts';
import type { GoodsKind } from './goods.ts';
import { namesOf, type Mark } from './model.ts';
import { damerau, letterKey } from './text.ts';

/** [mark, description, HS code]: the mark's word used for other goods. */
export const HOMONYMS: [string, string, string][] = [
  ['Apple', 'Apple cider vinegar 500 ml, organic', '220900'],
  ['Apple', 'Apple slicer and corer, stainless steel', '821510'],
  ['Apple', 'Dried apple rings 250 g', '081330'],
  ['Apple', '苹果醋饮料500ml', '220900'],
  ['Apple', '新鲜红富士苹果5斤装', '080810'],
  ['Coach', 'Coach bus toy with pull back action', '950300'],
  ['Coach', 'Football coach whistle with lanyard', '920890'],
  ['Coach', 'Vintage coach and horses wall print', '491191'],
  ['Guess', 'Guess Who? classic board game', '950490'],
  ['Guess', '"Guess what" novelty coffee mug', '691200'],
  ['Guess', 'Guess the word party card game', '950440'],
  ['Puma', 'Puma plush toy 30 cm, wildlife collection', '950300'],
  ['Puma', 'Puma wildlife photo poster A2', '491191'],
  ['Shell', 'Sea shell necklace, handmade', '711719'],
  ['Shell', 'Soft shell jacket, waterproof', '620193'],
  ['Shell', 'Shell-shaped ceramic soap dish', '691200'],
  ['Shell', 'Hard shell suitcase 24 inch', '420212'],
  ['Jaguar', 'Jaguar plush toy 25 cm', '950300'],
  ['Jaguar', 'Jaguar wildlife documentary DVD', '852349'],
  ['Mango', 'Dried mango slices 500 g', '080450'],
  ['Mango', 'Mango chutney 340 g jar', '200899'],
  ['Mango', 'Mango wood serving board', '441900'],
  ['Dove', 'White dove Christmas tree ornament', '950510'],
  ['Dove', 'Dove grey cushion cover 45x45', '630492'],
  ['Dove', 'Peace dove pendant necklace', '711719'],
  ['Crocs', 'Croc clips test leads, set of 10', '853690'],
  ['Pandora', "Pandora's box mythology book, hardcover", '490199'],
  ['Swatch', 'Fabric swatch book, 40 linen samples', '491199'],
  ['Swatch', 'Paint colour swatch cards, 120 colours', '491199'],
  ['Gap', 'Gap filler sealant 300 ml', '321410'],
  ['Gap', 'Mind the gap doormat', '570500'],
  ['Boss', 'Like a boss coffee mug', '691200'],
  ['Canon', 'Canon in D sheet music for piano', '490400'],
  ['Sharp', 'Sharp kitchen knife set, 5 pieces', '821191'],
  ['Sharp', 'Sharp cheddar cheese 200 g', '040690'],
  ['Brother', 'Big brother t-shirt for kids', '610910'],
  ['Brother', 'Brother birthday card with envelope', '490900'],
  ['Fossil', 'Ammonite fossil specimen 5 cm', '970500'],
  ['Fossil', 'Fossil hunting kit for kids', '950300'],
  ['Diesel', 'Diesel fuel additive 1 L', '381119'],
  ['Diesel', 'Diesel engine glow plug', '851110'],
  ['Champion', 'Champion trophy cup, gold', '830629'],
  ['Supreme', 'Supreme pizza cutter wheel', '821510'],
  ['Columbia', 'British Columbia road map', '490591'],
  ['Patagonia', 'Patagonia travel guide book', '490199'],
  ['Monster', 'Monster truck toy, remote control', '950300'],
  ['Monster', 'Cookie monster plush 30 cm', '950300'],
  ['Police', 'Police car toy with lights and siren', '950300'],
  ['Police', 'Police officer costume for kids', '950590'],
  ['Citizen', 'Senior citizen walking stick, foldable', '660200'],
  ['Orient', 'Orient Express vintage poster', '491191'],
  ['Hunter', 'Deer hunter camouflage cap', '650500'],
  ['Palace', 'Ice palace jigsaw puzzle 1000 pieces', '950300'],
  ['Bench', 'Garden bench, wooden, 2 seater', '940169'],
  ['Bench', 'Bench press barbell set', '950691'],
  ['Mustang', 'Ford Mustang 1:24 die-cast model car', '950300'],
  ['Camel Active', 'Camel plush toy 35 cm', '950300'],
  ['Camel Active', 'Camel milk chocolate 100 g', '180632'],
  ['Always', '"Always kiss me goodnight" wooden wall sign', '442090'],
  ['Axe', 'Camping axe with sheath', '820140'],
  ['Axe', 'Axe throwing target board', '950699'],
  ['Tide', 'Tide clock, wooden, for sailors', '910529'],
  ['Tide', 'High tide swim shorts', '621111'],
  ['Lee', 'Bruce Lee poster, vintage', '491191'],
  ['Mulberry', 'Mulberry silk pillowcase', '630231'],
  ['Mulberry', 'Dried white mulberries 250 g', '081340'],
  ['Polo Ralph Lauren', 'Water polo ball size 5', '950662'],
  ['Polo Ralph Lauren', 'Polo mallet and ball set', '950699'],
  ['Ring', 'Silver ring with zirconia, size 7', '711311'],
  ['Ring', 'Ring light with tripod 10 inch', '940540'],
  ['Nest', 'Bird nest box, wooden', '442199'],
  ['Onitsuka Tiger', 'Tiger plush toy 30 cm', '950300'],
  ['Onitsuka Tiger', 'Tiger print cushion cover', '630492'],
  ['Jordan', 'Jordan travel guide, Petra and Wadi Rum', '490199'],
  ['Jordan', 'Jordan almonds, sugared, 500 g', '170490'],
  ['Vogue Eyewear', 'Vogue magazine, March issue', '490290'],
  ['Алмаз', 'Алмазный диск по бетону 230 мм', '680421'],
  ['Алмаз', 'Алмазная мозаика, набор для творчества', '950300'],
  ['Рубин', 'Рубин натуральный камень для коллекции', '710391'],
  ['Omega', 'Omega 3 fish oil capsules 1000 mg', '210690'],
  ['Omega', 'Omega-6 evening primrose oil capsules', '210690'],
  ['Xiaomi', '有机黄小米2.5kg', '100829'],
  ['Xiaomi', '小米粥即食6杯装', '190490'],
  ['Samsung', '三星堆青铜面具摆件', '830629'],
  ['Lenovo', '联想记忆法学习书', '490199'],
  ['Tiffany & Co.', 'Tiffany style stained glass table lamp', '940520'],
  ['Celine', 'Celine Dion greatest hits CD', '852349'],
  ['Valentino', 'Valentino Rossi MotoGP poster', '491191'],
  ['Montblanc', 'Mont Blanc hiking map 1:25000', '490591'],
  ['Hermès', 'Hermes god statue, bronze finish', '830629'],
  ['Калашников', 'Калашников: мемуары конструктора, книга', '490199'],
  ['Barbie', 'Barbie pink wall paint 1 L', '320890'],
  ['Nike', 'Nike goddess of victory bronze figurine', '830629'],
  ['Oakley', 'Annie Oakley biography, paperback', '490199'],
  ['Fila', 'Fila Brasileiro dog breed book', '490199'],
  ['Chloé', 'Chloe personalised name necklace, sterling silver', '711311'],
  ['Cartier', 'Cartier-Bresson photography book', '490199'],
  ['Nerf', 'Nerf bar side steps for pickup truck', '870829'],
  ['Anker', 'Anker 5 kg galvanised boat anchor', '731600'],
  ['Canada Goose', 'Canada goose decoy for hunting', '950790'],
  ['The North Face', 'The North Face of the Eiger, mountaineering book', '490199'],
];

/** [mark, description, HS code]: an everyday phrase on goods the mark protects. */
export const NEAR_PHRASES: [string, string, string][] = [
  ['Swatch', "Men's Watch, stainless steel, black dial", '910211'],
  ['Swatch', 'Sports watch for kids, waterproof', '910211'],
  ['Swatch', "Women's watch with mesh strap", '910211'],
  ['Off-White', 'Off white cotton t-shirt', '610910'],
  ['Off-White', 'Off-white linen trousers, relaxed fit', '620342'],
  ['Off-White', 'off white chunky knit sweater', '611030'],
  ['Off-White', 'Off white canvas sneakers', '640411'],
  ['Off-White', 'off-white canvas tote bag', '420222'],
  ['Crocs', 'Croc embossed ankle boots', '640399'],
  ['Crocs', 'Faux croc leather loafers', '640399'],
  ['Crocs', 'Croc-effect chelsea boots, black', '640399'],
  ['Pandora', 'Pandora box wooden jewellery storage case', '420292'],
  ['Coach', "Men's coach jacket, nylon windbreaker", '620193'],
  ['Mango', 'Mango print summer dress', '620444'],
  ['Mango', 'Mango yellow cardigan', '611030'],
  ['Mango', 'Mango leaf pattern silk scarf', '621410'],
  ['Jaguar', 'Jaguar print leggings', '610463'],
  ['Boss', 'Boss lady slogan t-shirt', '610910'],
  ['Boss', 'Like a boss hoodie', '611020'],
  ['Champion', 'World champion 2024 print t-shirt', '610910'],
  ['Supreme', 'Supreme comfort cotton socks', '611595'],
  ['Supreme', 'Supreme quality baseball cap', '650500'],
  ['Next', 'Next generation running shoes', '640411'],
  ['Gap', 'Gap year backpack, 40 L', '420292'],
  ['Fossil', 'Fossil shark tooth necklace', '711719'],
  ['Fossil', 'Ammonite fossil pendant', '711719'],
  ['Diesel', 'Diesel locomotive print t-shirt', '610910'],
  ['Camel Active', "Camel wool coat, women's", '620231'],
  ['Camel Active', 'Camel suede chelsea boots', '640399'],
  ['Camel Active', 'Camel colour crossbody bag', '420222'],
  ['Hunter', 'Hunter green fleece jacket', '620193'],
  ['Hunter', 'Hunter safety orange vest', '621143'],
  ['Polo Ralph Lauren', "Men's polo shirt, cotton pique", '610510'],
  ['Polo Ralph Lauren', 'Polo neck jumper, merino', '611011'],
  ['Polo Ralph Lauren', 'Polo shirt dress', '610442'],
  ['Lee', 'Bruce Lee print t-shirt', '610910'],
  ['Onitsuka Tiger', 'Tiger print hoodie', '611020'],
  ['Onitsuka Tiger', 'Tiger stripe camo trousers', '620342'],
  ['Palace', 'Palace of Versailles print t-shirt', '610910'],
  ['Bench', 'Bench press gym tank top', '610910'],
  ['Mustang', 'Mustang horse print t-shirt', '610910'],
  ['Dove', 'Dove grey nail polish', '330430'],
  ['Apple', 'Apple green wireless earbuds', '851830'],
  ['Citizen', 'Senior citizen talking watch, large numbers', '910211'],
  ['Orient', 'Oriental dragon pocket watch', '910211'],
  ['Columbia', 'Columbia University hoodie', '611020'],
  ['Kappa', 'Kappa Alpha sorority t-shirt', '610910'],
  ['Mulberry', 'Mulberry silk scarf', '621410'],
  ['Mulberry', 'Mulberry red leather wallet', '420231'],
  ['Vans', 'Camper vans print t-shirt', '610910'],
  ['Алмаз', 'Кольцо с алмазом, белое золото', '711319'],
  ['Louis Vuitton', 'Series IV bifold leather wallet', '420231'],
  ['Louis Vuitton', 'Air Penny IV basketball shoes', '640411'],
  ['Louis Vuitton', 'Chapter IV canvas tote bag', '420222'],
  ['Omega', 'Omega symbol pendant, Greek letter', '711719'],
  ['Michael Kors', 'Pilot watch Mk II, automatic', '910221'],
  ['Valentino', 'Valentino Rossi 46 t-shirt', '610910'],
  ['Lacoste', 'Crocodile embossed leather handbag', '420221'],
  ['Nike', 'Nike of Samothrace print t-shirt', '610910'],
  ['Oakley', 'Annie Oakley western costume dress', '620442'],
  ['Canada Goose', 'Canada goose print t-shirt', '610910'],
  ['The North Face', 'North face of Everest print hoodie', '611020'],
  ['Fila', 'Fila Brasileiro dog print t-shirt', '610910'],
  ['Rolex', 'Relax fit sport watch', '910211'],
  ['Prada', 'Prado museum tote bag', '420222'],
  ['Chanel', 'English Channel swim t-shirt', '610910'],
];

/** Everyday phrases on protected goods that resemble no mark in particular: colours, materials, patterns. */
export const GENERIC_NEAR_PHRASES: [string, string][] = [
  ['Rose gold necklace with heart pendant', '711719'],
  ['Snake print leather handbag', '420221'],
  ['Leopard print silk scarf', '621410'],
  ['Croc print faux leather shoulder bag', '420221'],
  ["Men's leather wallet, RFID blocking", '420231'],
  ['Stainless steel men’s watch, quartz', '910211'],
  ['Black leather belt with silver buckle', '420330'],
  ['Polarized aviator sunglasses for men', '900410'],
  ['Monogram canvas weekend bag', '420292'],
  ['Quilted chain shoulder bag, black', '420221'],
  ['Houndstooth wool blend coat', '620231'],
  ['Tartan check scarf, cashmere feel', '621410'],
  ['Gold tone link bracelet', '711719'],
  ['Classic white leather sneakers', '640411'],
  ['Diver style automatic watch, 42 mm', '910221'],
];

/** Genuine brands near a mark that the lists may miss, with the goods they sell. */
export const HAND_NEAR_BRANDS: [string, string, GoodsKind][] = [
  ['Sony', 'Sonny Angel', 'toys'],
  ['Fossil', 'Folli Follie', 'watches'],
  ['Lacoste', 'LaCrosse', 'shoes'],
  ['Puma', 'Pumpkin Patch', 'clothing'],
  ['Rolex', 'Rotary', 'watches'],
  ['Fendi', 'Fender', 'clothing'],
  ['Asics', 'Asus', 'computers'],
  ['Seiko', 'Seiki', 'tv'],
  ['Sony', 'Sanyo', 'tv'],
  ['Samsung', 'Samsonite', 'bags'],
  ['Canon', 'Canton', 'audio'],
  ['Bose', 'Bosch', 'appliances'],
];

/**
 * Brands in name-suggestion-index (consumer-goods shops) one edit from a mark of 4-6 letters or two
 * from a longer one, that are neither registered here nor contain the mark: genuine near-brands.
 */
export function listNearBrands(lists: BrandLists, marks: Mark[]): { mark: Mark; brand: string }[] {
  const registered = new Set(marks.flatMap((m) => namesOf(m)).map(letterKey));
  const candidates = [...new Set(lists.nsi.flatMap((r) => [r.brand, r.displayName]))]
    .filter((n) => /^[\p{Script=Latin}\p{N} &'.-]+$/u.test(n))
    .map((n) => ({ name: n, key: letterKey(n) }))
    .filter((c) => c.key.length >= 4 && !registered.has(c.key));
  const out: { mark: Mark; brand: string }[] = [];
  const seen = new Set<string>();
  for (const mark of marks) {
    for (const name of [mark.name, ...mark.aliases]) {
      const key = letterKey(name);
      if (key.length < 4 || !/^[a-z0-9]+$/.test(key)) continue;
      const max = key.length >= 7 ? 2 : 1;
      for (const c of candidates) {
        if (Math.abs(c.key.length - key.length) > max || c.key.includes(key) || seen.has(`${mark.applicationId}:${c.key}`)) continue;
        const d = damerau(key, c.key);
        if (d > 0 && d <= max) {
          seen.add(`${mark.applicationId}:${c.key}`);
          out.push({ mark, brand: c.name });
        }
      }
    }
  }
  return out;
}
