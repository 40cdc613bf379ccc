/** Calendar days as ISO dates (YYYY-MM-DD, UTC): validity, compile dates and legal clocks use them. */
import { z } from 'zod';

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A day (`2026-01-31`) or an instant (`2026-01-31T12:00:00Z`), as a bound of a range of times. */
export const DateBoundSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date (YYYY-MM-DD) or a timestamp with its zone')
  .refine(isCalendarDay, 'is not a real date');

/** Date.parse rolls 2026-02-30 over to March 2nd: the day it reads must be the day written. */
function isCalendarDay(bound: string): boolean {
  const [y, m, d] = bound.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && !Number.isNaN(Date.parse(bound.length === 10 ? `${bound}T00:00:00Z` : bound));
}

/** `from` as an instant: a day starts at midnight UTC. */
export function startOf(bound: string): string {
  return new Date(bound.length === 10 ? `${bound}T00:00:00Z` : bound).toISOString();
}

/** The instant just after `to`: a day ends at the next midnight UTC, so `to` is inclusive. */
export function endOf(bound: string): string {
  const d = bound.length === 10 ? new Date(Date.parse(`${bound}T00:00:00Z`) + 86_400_000) : new Date(Date.parse(bound) + 1);
  return d.toISOString();
}
