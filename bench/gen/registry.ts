/**
 * A large registry for benchmarks: the sample registry's marks plus generated applications up to
 * the requested number of marks and aliases (public brand names from ../shared/data/brands when
 * present, otherwise made-up names), and watched sellers. Seeded.
 */
import { readFileSync } from 'node:fs';
import type { RegistryBundleInput } from '../../src/domain/registry.ts';
import { loadBrandNames } from './brands.ts';
import { Random } from './random.ts';

const HS_POOL = ['64', '4202', '61', '62', '9102', '9101', '8518', '8517', '3303', '3304', '9004', '9503', '7113', '7117', '8523', '8471', '6505', '4203'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tor', 'vex', 'sa', 'qui', 'dor', 'len', 'zar', 'mo', 'ti', 'bel', 'xen', 'ara', 'vo', 'nix'];
const CITIES = ['Shenzhen', 'Guangzhou', 'Yiwu', 'Dongguan', 'Ningbo', 'Putian', 'Istanbul', 'Hanoi', 'Dhaka', 'Karachi'];
const TRADES = ['Trading', 'Technology', 'Apparel', 'Footwear', 'Watch', 'Electronics', 'Leather', 'Fashion', 'Import Export'];
const LEGAL = ['Co., Ltd', 'Limited', 'Company Limited', 'Ltd.', 'LLC', 'Trading Co.'];

export function largeRegistry(samplePath: string, marks: number, watchedSellers: number, seed = 11): RegistryBundleInput {
  const random = new Random(seed);
  const sample = JSON.parse(readFileSync(samplePath, 'utf8')) as RegistryBundleInput & { applications: NonNullable<RegistryBundleInput['applications']> };
  const applications = [...sample.applications];
  let count = applications.reduce((n, a) => n + a.trademarks.reduce((m, t) => m + 1 + (t.aliases?.length ?? 0), 0), 0);
  const names = loadBrandNames().filter((n) => /^[A-Za-z][A-Za-z &'-]{3,24}$/.test(n));
  const taken = new Set<string>();
  let i = 0;
  while (count < marks) {
    let name = names.length ? names[(i * 7919) % names.length]! : '';
    if (!name || taken.has(name.toLowerCase())) {
      name = Array.from({ length: random.int(2, 3) }, () => random.pick(SYLLABLES)).join('');
      name = name[0]!.toUpperCase() + name.slice(1);
    }
    i++;
    if (taken.has(name.toLowerCase())) continue;
    taken.add(name.toLowerCase());
    const aliases = random.chance(0.3) ? [`${name} ${random.pick(['Pro', 'Classic', 'Sport', 'Elite', 'One'])}`] : [];
    applications.push({
      id: `AFA-BENCH-${String(applications.length + 1).padStart(5, '0')}`,
      holder: { name: `${name} Holdings` },
      trademarks: [{ mark: name, aliases, hsCodes: [random.pick(HS_POOL), random.pick(HS_POOL)] }],
      authorizedSellers: [`${name} Europe B.V.`],
      priceFloors: [{ hsCode: random.pick(HS_POOL), value: random.int(10, 300), currency: 'EUR' }],
      validFrom: '2026-01-01',
      validUntil: '2030-01-01',
    });
    count += 1 + aliases.length;
  }
  const sellers = Array.from({ length: watchedSellers }, () => ({
    name: `${random.pick(CITIES)} ${random.pick(SYLLABLES)}${random.pick(SYLLABLES)} ${random.pick(TRADES)} ${random.pick(LEGAL)}`,
    country: 'CN',
    risk: random.pick(['low', 'medium', 'high'] as const),
  }));
  return {
    applications,
    indicators: { ...sample.indicators, watchedSellers: [...(sample.indicators?.watchedSellers ?? []), ...sellers] },
  };
}
