/**
 * Realistic manifests for load: postal parcels with valid S10 ids and express parcels with
 * courier tracking numbers, 1-5 item lines each, real titles, plausible sellers, origins, HS codes
 * and values, and the repetition real manifests have (popular goods, busy sellers). Seeded.
 */
import { s10CheckDigit } from '../../src/domain/s10.ts';
import type { ManifestInput, ParcelInput } from '../../src/domain/manifest.ts';
import { DISGUISE_FAMILIES, disguise } from './disguise.ts';
import { Random } from './random.ts';
import type { Goods, Title } from './titles.ts';

/** A registered name to put on branded parcels, with the HS prefixes it protects. */
export interface BrandName {
  name: string;
  hsCodes: string[];
}

/** Nouns for goods by HS prefix, to write branded descriptions for any registry. */
const NOUNS: [string, string, string][] = [
  ['64', '640411', 'running shoes'], ['64', '640399', 'leather sneakers'], ['4202', '420221', 'leather handbag'],
  ['4202', '420231', 'wallet'], ['91', '910211', 'chronograph watch'], ['61', '610910', 't-shirt'], ['62', '620193', 'jacket'],
  ['8518', '851830', 'wireless earbuds'], ['8517', '851713', 'smartphone'], ['3303', '330300', 'eau de parfum 100ml'],
  ['9004', '900410', 'sunglasses'], ['9503', '950300', 'toy set'], ['71', '711719', 'bracelet'], ['8523', '852349', 'software key'],
  ['8471', '847130', 'laptop'], ['9504', '950450', 'game controller'], ['3004', '300490', 'tablets'], ['8708', '870830', 'brake pads'],
];
const HAZARDOUS: [string, string][] = [
  ['Paracetamol 500mg tablets', '300490'], ['Amoxicillin capsules', '300410'], ['Brake pads front set', '870830'],
  ['Slimming capsules', '300490'], ['Ceramic brake pads', '870830'],
];

const HS_BY_GOODS: Record<Goods, string[]> = {
  watches: ['910211', '910219', '910221', '911390'],
  shoes: ['640411', '640399', '640299', '640419'],
  electronics: ['851830', '851762', '852872', '850440', '847130', '851821'],
  software: ['852349', '852380'],
  toys: ['950300', '950490', '950691'],
  general: ['610910', '420222', '691200', '392690'],
};

const ORIGINS = ['CN', 'CN', 'CN', 'CN', 'HK', 'TR', 'VN', 'IN', 'US', 'GB', 'SG', 'TH'];
const SERVICES = ['RR', 'LX', 'UA', 'LP', 'RB', 'CP', 'EE'];
const DESTINATIONS = ['BE', 'DE', 'FR', 'NL', 'IT', 'ES', 'PL', 'SE', 'AT', 'IE'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP', 'CNY'];
const CITIES = ['Shenzhen', 'Guangzhou', 'Yiwu', 'Dongguan', 'Hangzhou', 'Istanbul', 'Ho Chi Minh City', 'Mumbai'];
const WORDS = ['Bright', 'Huaxin', 'Golden', 'Star', 'Oriental', 'Sunrise', 'Lucky', 'Jiayuan', 'Everwin', 'Topline', 'Dragon', 'Silkway'];
const TRADES = ['Trading', 'Technology', 'E-commerce', 'Import & Export', 'Electronics', 'Industrial', 'Supply Chain'];
const LEGAL = ['Co., Ltd', 'Co., Ltd.', 'Limited', 'Company Limited', 'LLC', 'Ltd'];
const MARKETPLACES = ['ShopNow', 'MegaMart', 'BazaarHub', 'QuickBuy', 'GlobalDeals'];
const FIRST = ['Anna', 'Lukas', 'Marie', 'Jan', 'Sofia', 'Mateo', 'Emma', 'Noah', 'Julia', 'Piotr', 'Elena', 'Lars'];
const LAST = ['Peeters', 'Müller', 'Dubois', 'Jansen', 'Rossi', 'García', 'Kowalski', 'Svensson', 'Novak', 'Murphy'];

export interface GeneratorOptions {
  seed: number;
  titles: Title[];
  /** Share of manifests that are express (AWB ids) rather than postal (S10 ids). */
  expressShare?: number;
  /** First serial number: runs against one database use distinct ranges. */
  firstSerial?: number;
  /** Registered names for branded parcels (none: no branded parcels). */
  brands?: BrandName[];
  /** Shares of item lines that name a registered mark, plainly or disguised, and of hazardous lines. */
  brandedShare?: number;
  disguisedShare?: number;
  hazardousShare?: number;
}

export class ManifestGenerator {
  private readonly random: Random;
  private serial: number;
  private manifestCount = 0;
  private readonly sellers: { name: string; country: string; marketplace: string }[];
  private readonly hotTitles: Title[];

  constructor(private readonly options: GeneratorOptions) {
    this.random = new Random(options.seed);
    this.serial = options.firstSerial ?? 1;
    // A few thousand sellers, of which a few dozen carry most of the traffic.
    this.sellers = Array.from({ length: 3000 }, () => {
      const r = this.random;
      return {
        name: `${r.pick(CITIES)} ${r.pick(WORDS)} ${r.pick(TRADES)} ${r.pick(LEGAL)}`,
        country: r.pick(ORIGINS),
        marketplace: r.pick(MARKETPLACES),
      };
    });
    this.hotTitles = Array.from({ length: 200 }, () => this.random.pick(options.titles));
  }

  nextS10(): string {
    const serial = String(this.serial++ % 100_000_000).padStart(8, '0');
    return `${this.random.pick(SERVICES)}${serial}${s10CheckDigit(serial)}${this.random.pick(['CN', 'CN', 'HK', 'SG', 'TR', 'GB', 'US'])}`;
  }

  nextAwb(): string {
    return `${this.random.pick(['JD', '1Z', 'EX', ''])}${String(this.serial++).padStart(12, '0')}`;
  }

  private title(): Title {
    // Real manifests repeat: popular products recur across parcels and manifests.
    return this.random.chance(0.3) ? this.random.pick(this.hotTitles) : this.random.pick(this.options.titles);
  }

  /** A branded (plain or disguised) or hazardous line, at the configured shares; null otherwise. */
  private specialLine(): { description: string; hsCode: string; value: number } | null {
    const r = this.random;
    const o = this.options;
    const brands = o.brands ?? [];
    const roll = r.next();
    const disguised = o.disguisedShare ?? 0;
    const branded = o.brandedShare ?? 0;
    const hazardous = o.hazardousShare ?? 0;
    if (roll < hazardous) {
      const [description, hsCode] = r.pick(HAZARDOUS);
      return { description, hsCode, value: r.int(3, 40) };
    }
    if (brands.length === 0 || roll >= hazardous + branded + disguised) return null;
    const brand = r.pick(brands);
    const noun = NOUNS.find(([prefix]) => brand.hsCodes.some((h) => h.startsWith(prefix) || prefix.startsWith(h)));
    if (!noun) return null;
    let name = brand.name;
    if (roll >= hazardous + branded) name = disguise(brand.name, r.pick(DISGUISE_FAMILIES), r) ?? brand.name;
    return { description: `${name} ${noun[2]} ${r.pick(['', 'new', '2026', 'original box', 'size 42', 'black'])}`.trim(), hsCode: noun[1], value: r.int(8, 90) };
  }

  private seller() {
    const r = this.random;
    return r.chance(0.5) ? this.sellers[r.int(0, 39)]! : r.pick(this.sellers);
  }

  parcel(itemId: string, destination: string): ParcelInput {
    const r = this.random;
    const seller = this.seller();
    // Most low-value e-commerce parcels hold one item line; a few hold several.
    const itemCount = r.pick([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 5]);
    const items = Array.from({ length: itemCount }, () => {
      const special = this.specialLine();
      if (special) return { ...special, quantity: 1, currency: 'EUR', originCountry: seller.country, netWeightKg: 0.4 };
      const title = this.title();
      return {
        description: title.text,
        hsCode: r.pick(HS_BY_GOODS[title.goods]),
        quantity: r.pick([1, 1, 1, 2, 3]),
        value: Math.round(Math.exp(1 + r.next() * 4) * 100) / 100,
        currency: r.pick(CURRENCIES),
        originCountry: seller.country,
        netWeightKg: Math.round((0.05 + r.next() * 2) * 1000) / 1000,
      };
    });
    const net = items.reduce((sum, i) => sum + i.netWeightKg, 0);
    return {
      itemId,
      category: r.chance(0.9) ? 'sale_of_goods' : r.pick(['gift', 'sample', 'returned_goods', 'other'] as const),
      seller: { name: seller.name, country: seller.country, marketplace: seller.marketplace },
      sender: { name: seller.name, address: `${r.int(1, 999)} Industrial Road, ${r.pick(CITIES)}`, country: seller.country },
      consignee: { name: `${r.pick(FIRST)} ${r.pick(LAST)}`, address: `${r.pick(LAST)}straat ${r.int(1, 200)}`, country: destination },
      items,
      grossWeightKg: Math.round((net + 0.1) * 1000) / 1000,
    };
  }

  manifest(parcelCount: number): ManifestInput {
    const r = this.random;
    const express = r.chance(this.options.expressShare ?? 0.3);
    const destination = r.pick(DESTINATIONS);
    const parcels = Array.from({ length: parcelCount }, () => this.parcel(express ? this.nextAwb() : this.nextS10(), destination));
    return {
      manifestRef: `GEN-${this.options.seed}-${this.options.firstSerial ?? 1}-${++this.manifestCount}`,
      mode: express ? 'express' : 'postal',
      regime: r.chance(0.95) ? 'import' : r.pick(['transit', 'warehouse', 'free_zone'] as const),
      destinationCountry: destination,
      parcels,
    };
  }
}
