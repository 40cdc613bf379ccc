/**
 * UPU S10 item identifiers (e.g. `RR123456785CN`): two service letters, an eight-digit serial,
 * a check digit and the ISO 3166-1 alpha-2 code of the issuing post.
 */
import { isCountryCode } from './codes.ts';

const S10_PATTERN = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** S10 check digit of an eight-digit serial: weighted sum mod 11, where 10 -> 0 and 11 -> 5. */
export function s10CheckDigit(serial: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

/** Upper-cases and strips the spaces that labels and scanners put into item ids. */
export function normaliseItemId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type S10Problem = 'format' | 'service' | 'check_digit' | 'country';

/** Returns why a (normalised) id is not a valid S10 identifier, or null when it is one. */
export function s10Problem(id: string): S10Problem | null {
  const m = S10_PATTERN.exec(id);
  if (!m) return 'format';
  const [, service, serial, check, country] = m as unknown as [string, string, string, string, string];
  // The S10 standard reserves no service indicator starting with J or K for items in circulation.
  if (service[0] === 'J' || service[0] === 'K') return 'service';
  if (s10CheckDigit(serial) !== Number(check)) return 'check_digit';
  // UN is used by the UPU International Bureau itself.
  if (country !== 'UN' && !isCountryCode(country)) return 'country';
  return null;
}

export const S10_MESSAGES: Record<S10Problem, string> = {
  format: 'must be a UPU S10 id: 2 letters, 8 digits, a check digit and a 2-letter country code',
  service: 'S10 service indicators starting with J or K are not valid',
  check_digit: 'S10 check digit does not match the serial number',
  country: 'S10 id must end with the ISO 3166-1 alpha-2 code of the issuing post',
};
