/**
 * ISO reference codes, taken from maintained packages rather than hand-kept lists.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

// currency-codes ships CommonJS without an ESM entry point.
const require = createRequire(import.meta.url);
const currencyCodes = require('currency-codes') as { codes(): string[] };

const COUNTRY_CODES = new Set(Object.keys(countries.getAlpha2Codes()));

// ISO 4217 X-codes that are not money a parcel can be paid in (precious metals, bond-market units,
// special drawing rights, testing and "no currency"). XAF, XOF, XCD, XPF stay: they are real currencies.
const NON_MONETARY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);
const CURRENCY_CODES = new Set(currencyCodes.codes().filter((c) => !NON_MONETARY.has(c)));

/** HS codes arrive as `6404.11`, `6404 11 00` or `640411`: the digits are the code. */
export function normaliseHsCode(raw: string): string {
  return raw.replace(/[.\s]/g, '');
}

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODES.has(code);
}
