// @ts-check
/**
 * Manifest builder for the k6 scenarios (k6 runs its own JavaScript runtime, so it cannot import
 * the TypeScript generator; this mirrors bench/gen/manifests.ts in small: valid S10 ids, one to
 * three item lines, plausible sellers and values).
 */

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];
const TITLES = [
  ['Running shoes, breathable mesh, size 42', '640411'],
  ['Men’s stainless steel chronograph watch', '910211'],
  ['Bluetooth wireless earbuds with charging case', '851830'],
  ['Leather wallet, bifold', '420231'],
  ['Plush teddy bear 30 cm', '950300'],
  ['Cotton t-shirt, crew neck', '610910'],
  ['Phone case, clear silicone', '392690'],
  ['Photo editing software licence', '852349'],
];
const SELLERS = ['Shenzhen Bright Trading Co., Ltd', 'Yiwu Star E-commerce Limited', 'Guangzhou Golden Technology Co., Ltd', 'Istanbul Silkway Import & Export'];

/** @param {string} serial eight digits */
export function s10CheckDigit(serial) {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** @param {number} n */
export function s10(n) {
  const serial = String(n % 100000000).padStart(8, '0');
  return `RR${serial}${s10CheckDigit(serial)}CN`;
}

/**
 * @param {string} ref
 * @param {number} firstSerial
 * @param {number} count
 */
export function manifest(ref, firstSerial, count) {
  const parcels = [];
  for (let i = 0; i < count; i++) {
    const n = firstSerial + i;
    const lines = 1 + (n % 7 === 0 ? 2 : n % 3 === 0 ? 1 : 0);
    const items = [];
    for (let j = 0; j < lines; j++) {
      const [description, hsCode] = TITLES[(n + j) % TITLES.length];
      items.push({ description, hsCode, quantity: 1 + (n % 2), value: 5 + ((n * 7) % 120), currency: 'EUR', originCountry: 'CN', netWeightKg: 0.3 });
    }
    const seller = SELLERS[n % SELLERS.length];
    parcels.push({
      itemId: s10(n),
      category: 'sale_of_goods',
      seller: { name: seller, country: 'CN', marketplace: 'ShopNow' },
      sender: { name: seller, address: '1 Industrial Road, Shenzhen', country: 'CN' },
      consignee: { name: 'Anna Peeters', address: 'Kerkstraat 1, Gent', country: 'BE' },
      items,
      grossWeightKg: 0.5,
    });
  }
  return { manifestRef: ref, mode: 'postal', regime: 'import', destinationCountry: 'BE', parcels };
}
