/**
 * The customs offices' working-day calendar: deadlines counted in working days in the office's
 * own time zone, skipping its weekend and its public holidays (`date-holidays`, per country and
 * optionally subdivision), each deadline stated with the rule that produced it. The only calendar
 * of the service: every legal clock goes through `workingDayDeadline`. Pure (the holiday data is
 * a package's static data).
 */
import { createRequire } from 'node:module';
import type HolidaysClass from 'date-holidays';

let holidaysClass: typeof HolidaysClass | undefined;

/**
 * date-holidays, loaded when a calendar is first needed: it reads every country's rules at once
 * (~150 ms and ~14 MB measured on this machine), which processes that only read the
 * configuration (the CLI tools) need not pay.
 */
function holidaysLibrary(): typeof HolidaysClass {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysClass;
  return holidaysClass;
}

export interface CustomsOffice {
  /** The office's reference, e.g. a customs office list number such as `BE101000`. */
  code: string;
  /** ISO 3166-1 alpha-2: whose public holidays the office keeps. */
  country: string;
  /** ISO 3166-2 subdivision code without the country (`BY` for Bavaria), for regional holidays. */
  subdivision?: string;
  /** IANA time zone: where the office's days begin and end. */
  timeZone: string;
  /** Days of the week the office is closed, 0 = Sunday … 6 = Saturday. */
  weekend: readonly number[];
}

export interface SkippedHoliday {
  date: string;
  name: string;
}

/** A deadline and how it was reached. */
export interface Deadline {
  /** The end of the last working day, in the office's local time with its UTC offset: `2026-12-15T23:59:59+01:00`. */
  due: string;
  /** The instant the deadline has passed (the next local midnight), UTC: comparisons use this. */
  passesAt: string;
  /** The rule that produced it, in words. */
  rule: string;
  /** The office's local date the count started from (excluded) and the last working day (included). */
  from: string;
  lastDay: string;
  workingDays: number;
  office: string;
  /** Public holidays that fell on the office's working weekdays within the period. */
  skipped: SkippedHoliday[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(timeZone: string, instantMs: number): LocalTime {
  const parts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutes(timeZone: string, instantMs: number): number {
  const t = localTime(timeZone, instantMs);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((wall - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** The instant of a local wall-clock time (the later offset wins when a clock change makes it ambiguous). */
function instantOf(timeZone: string, date: string, hour: number, minute: number, second: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute, second);
  let instant = wall - offsetMinutes(timeZone, wall) * 60_000;
  const corrected = offsetMinutes(timeZone, instant);
  instant = wall - corrected * 60_000;
  return instant;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** The office's local calendar date of an instant. */
export function localDate(timeZone: string, instant: Date): string {
  const t = localTime(timeZone, instant.getTime());
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/** ISO-8601 with the zone's offset at that instant: `2026-12-15T23:59:59+01:00`. */
export function formatLocal(timeZone: string, instantMs: number): string {
  const t = localTime(timeZone, instantMs);
  const off = offsetMinutes(timeZone, instantMs);
  const sign = off < 0 ? '-' : '+';
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Public holidays by local date, per office calendar and year: date-holidays computes a year in ~1 ms. */
const holidayCache = new Map<string, Map<string, string>>();

function holidaysOf(office: Pick<CustomsOffice, 'country' | 'subdivision'>, year: number): Map<string, string> {
  const key = `${office.country}/${office.subdivision ?? ''}/${year}`;
  let days = holidayCache.get(key);
  if (!days) {
    const options = { languages: ['en'], types: ['public' as const] };
    const Holidays = holidaysLibrary();
    const hd = office.subdivision ? new Holidays(office.country, office.subdivision, options) : new Holidays(office.country, options);
    days = new Map();
    for (const h of hd.getHolidays(year) || []) {
      const date = h.date.slice(0, 10);
      // Two holidays on one day (a substitute day and a feast) keep both names.
      days.set(date, days.has(date) ? `${days.get(date)!} / ${h.name}` : h.name);
    }
    holidayCache.set(key, days);
  }
  return days;
}

/** The name of the office's public holiday on a local date, or null. */
export function publicHoliday(office: Pick<CustomsOffice, 'country' | 'subdivision'>, date: string): string | null {
  return holidaysOf(office, Number(date.slice(0, 4))).get(date) ?? null;
}

/** Whether date-holidays knows the country (and subdivision). */
export function hasHolidayCalendar(country: string, subdivision?: string): boolean {
  const hd = new (holidaysLibrary())();
  const countries = hd.getCountries('en');
  if (!Object.hasOwn(countries, country)) return false;
  if (subdivision === undefined) return true;
  return Object.hasOwn(hd.getStates(country, 'en') ?? {}, subdivision);
}

/** The time zone of a country where it has one (or its first, as date-holidays lists them). */
export function defaultTimeZone(country: string): string | null {
  return new (holidaysLibrary())(country).getTimezones()[0] ?? null;
}

export interface WorkingDayCount {
  /** The local date counting starts after (this day itself does not count). */
  from: string;
  workingDays: number;
}

/** Counts `workingDays` working days after the local date `from`: the last day counted, and the holidays skipped. */
export function countWorkingDays(office: CustomsOffice, count: WorkingDayCount): { lastDay: string; skipped: SkippedHoliday[] } {
  const weekend = new Set(office.weekend);
  const skipped: SkippedHoliday[] = [];
  let day = count.from;
  let left = count.workingDays;
  while (left > 0) {
    day = nextDate(day);
    if (weekend.has(weekday(day))) continue;
    const holiday = publicHoliday(office, day);
    if (holiday) {
      skipped.push({ date: day, name: holiday });
      continue;
    }
    left--;
  }
  return { lastDay: day, skipped };
}

const describeSkipped = (skipped: readonly SkippedHoliday[]) =>
  skipped.length ? `; skipped ${skipped.map((s) => `${s.date} ${s.name}`).join(', ')}` : '';

const describeOffice = (office: CustomsOffice) =>
  `office ${office.code} (${office.subdivision ? `${office.country}-${office.subdivision}` : office.country}, ${office.timeZone})`;

function deadlineAt(office: CustomsOffice, from: string, workingDays: number, rule: (skipped: string) => string): Deadline {
  const { lastDay, skipped } = countWorkingDays(office, { from, workingDays });
  const endOfDay = instantOf(office.timeZone, lastDay, 23, 59, 59);
  const nextMidnight = instantOf(office.timeZone, nextDate(lastDay), 0, 0, 0);
  return {
    due: formatLocal(office.timeZone, endOfDay),
    passesAt: new Date(nextMidnight).toISOString(),
    rule: rule(describeSkipped(skipped)),
    from,
    lastDay,
    workingDays,
    office: office.code,
    skipped,
  };
}

/**
 * `workingDays` working days from an event (a notification, an objection): counting starts the
 * day after the event's local date at the office, and the deadline is the end of the last day.
 */
export function workingDayDeadline(office: CustomsOffice, event: { what: string; at: Date }, workingDays: number): Deadline {
  const from = localDate(office.timeZone, event.at);
  return deadlineAt(office, from, workingDays, (skipped) => `${workingDays} working days from ${event.what} on ${from} at ${describeOffice(office)}${skipped}`);
}

/** A deadline moved by `workingDays` more working days counted from its last day, saying why. */
export function extendDeadline(office: CustomsOffice, deadline: Deadline, workingDays: number, why: string): Deadline {
  const extended = deadlineAt(office, deadline.lastDay, workingDays, (skipped) => `${deadline.rule}; extended by ${workingDays} working days from ${deadline.lastDay} ${why}${skipped}`);
  return { ...extended, from: deadline.from, workingDays: deadline.workingDays + workingDays, skipped: [...deadline.skipped, ...extended.skipped] };
}

/** Whether a deadline has passed at an instant. */
export function hasPassed(deadline: Pick<Deadline, 'passesAt'>, at: Date): boolean {
  return at.getTime() >= Date.parse(deadline.passesAt);
}
