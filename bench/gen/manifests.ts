/**
 * Realistic manifests for load: postal parcels with valid S10 ids and express parcels with
 * courier tracking numbers, 1-5 item lines each, real titles, plausible sellers, origins, HS codes
 * and values, and the repetition real manifests have (popular goods, busy sellers). Seeded.
 */
import { s10CheckDigit } from '../../src/domain/s10.ts';
import type { ManifestInput, ParcelInput } from '../../src/domain/manifest.ts';
import { Random } from './random.ts';
import type { Goods, Title } from './titles.ts';

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
