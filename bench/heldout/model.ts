/**
 * The held-out evaluation's vocabulary: marks as the evaluation knows them, labelled cases, the
 * families they are reported under and the targets of issue 12 printed beside each figure.
 */
import type { GoodsKind } from './goods.ts';

export type Half = 'tuning' | 'heldout';
export type RegistryKey = 'r1' | 'r2';
export type Script = 'zh' | 'ja' | 'ru';

/** One application with one trademark, as the evaluation built it (and wrote it into the bundle). */
export interface Mark {
  applicationId: string;
  name: string;
  /** Latin aliases and product lines, registered with the mark. */
  aliases: string[];
  /** The mark written in another script, registered as aliases (or as the mark itself). */
  scriptNames: { text: string; script: Script }[];
  goods: GoodsKind[];
  hsCodes: string[];
  authorizedSellers: string[];
  priceFloors: { hsCode: string; value: number; currency: 'EUR' }[];
  half: Half;
  /** Where the mark's goods and aliases came from: the public brand lists or the hand-written spec. */
  provenance: string[];
}

/** Every name a parcel may use for the mark: the mark, its aliases and its other-script names. */
export function namesOf(mark: Mark): string[] {
  return [mark.name, ...mark.aliases, ...mark.scriptNames.map((s) => s.text)];
}

export type Expectation = 'found' | 'clean' | 'released';

export interface Case {
  family: FamilyId;
  /** Sub-family for breakdowns (a permutation-tool fuzzer, a script, a look-alike group). */
  detail?: string;
  expect: Expectation;
  /** The mark the case is about: the one to be found, or the one a negative resembles. */
  mark?: Mark;
  half: Half;
  description: string;
  /** The disguised spelling placed in the description (positives), for listings of misses. */
  variant?: string;
  hsCode: string;
  value: number;
  seller: { name: string; country: string };
  originCountry: string;
}

export interface Family {
  id: string;
  label: string;
  expect: Expectation;
  /** The target for the family, as a percentage, and whether it is a floor or a ceiling. */
  target?: { op: '>=' | '<=' | '='; value: number };
  /** Counted in the "all disguises" line (look-alikes, typos, two edits, sound-alikes). */
  disguise?: boolean;
}

export const FAMILIES = [
  { id: 'lookalike-uts39', label: 'look-alike letter from UTS #39', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'lookalike-beyond', label: 'look-alike letter beyond UTS #39', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'lookalike-several', label: 'two or three look-alike letters', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'script-word', label: 'whole word in Cyrillic/Greek letters', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'mixed-script', label: 'mixed-script word', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'lookalike-leet', label: 'look-alike + leet combined', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'keyboard', label: 'keyboard typo (QWERTY neighbour)', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'two-edit', label: 'two random edits (6+ letters)', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'phonetic', label: 'phonetic respelling', expect: 'found', target: { op: '>=', value: 98 }, disguise: true },
  { id: 'knockoff-generated', label: 'knock-off spelling, generated', expect: 'found', target: { op: '>=', value: 80 } },
  { id: 'knockoff-market', label: 'knock-off spelling, market list', expect: 'found', target: { op: '>=', value: 80 } },
  { id: 'permutation-5plus', label: 'permutation tool, marks of 5+ letters', expect: 'found', target: { op: '>=', value: 97 } },
  { id: 'permutation-short', label: 'permutation tool, marks of 3-4 letters', expect: 'found' },
  { id: 'script-title', label: 'CJK/Cyrillic mark, same-script title', expect: 'found', target: { op: '>=', value: 95 } },
  { id: 'plain-real', label: 'plain mention, real title', expect: 'found', target: { op: '>=', value: 99.9 } },
  { id: 'plain-template', label: 'plain mention, templated title', expect: 'found', target: { op: '>=', value: 99.9 } },
  { id: 'clean-real', label: 'clean real titles', expect: 'clean', target: { op: '<=', value: 0.1 } },
  { id: 'script-clean', label: 'same-script titles, nothing registered', expect: 'clean', target: { op: '<=', value: 0.1 } },
  { id: 'homonym', label: 'homonyms (the word on other goods)', expect: 'clean', target: { op: '=', value: 0 } },
  { id: 'near-phrase', label: 'everyday near-brand phrases', expect: 'clean', target: { op: '<=', value: 5 } },
  { id: 'near-brand', label: 'genuine near-brands (1-2 edits)', expect: 'clean', target: { op: '<=', value: 5 } },
  { id: 'authorised', label: 'authorised genuine listings', expect: 'released', target: { op: '=', value: 100 } },
] as const satisfies readonly Family[];

export type FamilyId = (typeof FAMILIES)[number]['id'];
