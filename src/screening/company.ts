/**
 * Company names folded for comparison: legal forms (Co., Ltd, Limited, Company, Inc, GmbH, …) and
 * common abbreviations are folded, so "Shenzhen Bright Trading Co., Ltd." and "SHENZHEN BRIGHT
 * TRADING COMPANY LIMITED" are one seller.
 */
import { plainWords } from './normalize.ts';

const LEGAL_FORMS = new Set([
  'co', 'company', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'llc', 'llp', 'lp', 'plc', 'gmbh',
  'mbh', 'ag', 'kg', 'ohg', 'ug', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'pty', 'pte',
  'sdn', 'bhd', 'kk', 'jsc', 'ooo', 'zao', 'pvt', 'private', 'public', 'holding', 'holdings', 'group', 'the', 'sp', 'zoo',
]);

/** A Map: seller names are untrusted text ("constructor" is a word too). */
const ABBREVIATIONS = new Map<string, string>(Object.entries({
  intl: 'international', int: 'international', tech: 'technology', technologies: 'technology', techn: 'technology',
  electr: 'electronics', elec: 'electronics', electronic: 'electronics', mfg: 'manufacturing', manuf: 'manufacturing',
  imp: 'import', exp: 'export', ecommerce: 'ecommerce', trade: 'trading', tradings: 'trading', ind: 'industrial',
  industries: 'industrial', industry: 'industrial', dev: 'development', svc: 'services', service: 'services',
  and: '', '': '',
}));

/** The distinctive tokens of a company name, folded, in order. */
export function companyTokens(name: string): string[] {
  const out: string[] = [];
  for (const plain of plainWords(name.replace(/&/g, ' and ').replace(/e-commerce/gi, 'ecommerce'))) {
    if (LEGAL_FORMS.has(plain)) continue;
    const word = ABBREVIATIONS.get(plain) ?? plain;
    if (word) out.push(word);
  }
  return out;
}

export function companyKey(name: string): string {
  return companyTokens(name).join(' ');
}
