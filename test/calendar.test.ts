/**
 * The offices' working-day calendar: weekends and public holidays skipped in the office's own
 * time zone, the rule stated, extensions, the perishable and small-consignment rules, and the
 * offices' configuration validated at start-up.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { countWorkingDays, extendDeadline, hasPassed, localDate, publicHoliday, workingDayDeadline } from '../src/domain/calendar.ts';
import { OfficeDirectory } from '../src/domain/offices.ts';
import { isSmallConsignment, perishableGoods } from '../src/domain/procedure-rules.ts';
import { procedureSettings } from '../src/workflow/settings.ts';

const offices = new OfficeDirectory([
  { code: 'BEBRU000', country: 'BE', timeZone: 'Europe/Brussels' },
  { code: 'DEMUC000', country: 'DE', subdivision: 'BY' },
  { code: 'USNYC000', country: 'US', subdivision: 'NY', timeZone: 'America/New_York' },
  { code: 'JPTYO000', country: 'JP' },
]);
const brussels = offices.officeFor('BE');
const munich = offices.officeFor('DE');
const newYork = offices.officeFor('US');
const notified = (at: string) => ({ what: 'notification', at: new Date(at) });

describe('working days', () => {
  it('counts weekdays only, from the day after the event', () => {
    expect(countWorkingDays(brussels, { from: '2026-11-27', workingDays: 1 }).lastDay).toBe('2026-11-30'); // Friday -> Monday
    expect(countWorkingDays(brussels, { from: '2026-11-30', workingDays: 10 }).lastDay).toBe('2026-12-14');
  });

  it('ends at the end of the office’s day and states the rule', () => {
    const d = workingDayDeadline(brussels, notified('2026-12-01T09:00:00Z'), 10);
    expect(d).toMatchObject({
      due: '2026-12-15T23:59:59+01:00',
      passesAt: '2026-12-15T23:00:00.000Z',
      rule: '10 working days from notification on 2026-12-01 at office BEBRU000 (BE, Europe/Brussels)',
      skipped: [],
    });
    expect(hasPassed(d, new Date('2026-12-15T22:59:59.999Z'))).toBe(false);
    expect(hasPassed(d, new Date('2026-12-15T23:00:00Z'))).toBe(true);
  });

  it('skips the office’s public holidays and names them', () => {
    const d = workingDayDeadline(brussels, notified('2026-12-21T09:00:00Z'), 10);
    expect(d.due).toBe('2027-01-06T23:59:59+01:00');
    expect(d.skipped).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }, { date: '2027-01-01', name: "New Year's Day" }]);
    expect(d.rule).toBe("10 working days from notification on 2026-12-21 at office BEBRU000 (BE, Europe/Brussels); skipped 2026-12-25 Christmas Day, 2027-01-01 New Year's Day");
    // Belgium's national day is a holiday in Brussels, not in Munich; Epiphany is one in Bavaria only.
    expect(publicHoliday(brussels, '2026-07-21')).toBe('National Holiday');
    expect(publicHoliday(munich, '2026-07-21')).toBeNull();
    expect(publicHoliday(munich, '2026-01-06')).not.toBeNull();
    expect(publicHoliday(brussels, '2026-01-06')).toBeNull();
    expect(workingDayDeadline(munich, notified('2026-01-05T08:00:00Z'), 1).due).toBe('2026-01-07T23:59:59+01:00');
  });

  it('counts in the office’s time zone: another calendar day than UTC at both ends', () => {
    // 03:30 UTC on 1 December is still 30 November in New York: the count starts from the 30th.
    expect(localDate(newYork.timeZone, new Date('2026-12-01T03:30:00Z'))).toBe('2026-11-30');
    const d = workingDayDeadline(newYork, notified('2026-12-01T03:30:00Z'), 10);
    expect(d.from).toBe('2026-11-30');
    expect(d.due).toBe('2026-12-14T23:59:59-05:00');
    // …and ends on 15 December in UTC.
    expect(d.passesAt).toBe('2026-12-15T05:00:00.000Z');
    expect(d.rule).toBe('10 working days from notification on 2026-11-30 at office USNYC000 (US-NY, America/New_York)');
    // The same instant counted in UTC days would have started a day later.
    expect(workingDayDeadline(brussels, notified('2026-12-01T03:30:00Z'), 10).from).toBe('2026-12-01');
  });

  it('keeps the local end of day across a change of clock', () => {
    // New York moves to daylight time on 8 March 2026: the deadline is 23:59:59 at -04:00.
    expect(workingDayDeadline(newYork, notified('2026-03-06T12:00:00Z'), 3)).toMatchObject({ due: '2026-03-11T23:59:59-04:00', passesAt: '2026-03-12T04:00:00.000Z' });
    // Brussels moves back to winter time on 25 October 2026.
    expect(workingDayDeadline(brussels, notified('2026-10-22T10:00:00Z'), 1)).toMatchObject({ due: '2026-10-23T23:59:59+02:00', passesAt: '2026-10-23T22:00:00.000Z' });
    expect(workingDayDeadline(brussels, notified('2026-10-23T10:00:00Z'), 1)).toMatchObject({ due: '2026-10-26T23:59:59+01:00', passesAt: '2026-10-26T23:00:00.000Z' });
  });

  it('extends a deadline from its last day, keeping the whole rule', () => {
    const d = workingDayDeadline(brussels, notified('2026-12-01T09:00:00Z'), 10);
    const e = extendDeadline(brussels, d, 10, "at the rights holder's request of 2026-12-10");
    expect(e.due).toBe('2026-12-30T23:59:59+01:00');
    expect(e.rule).toBe(
      "10 working days from notification on 2026-12-01 at office BEBRU000 (BE, Europe/Brussels); extended by 10 working days from 2026-12-15 at the rights holder's request of 2026-12-10; skipped 2026-12-25 Christmas Day",
    );
    expect(e.skipped).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);
  });

  it('honours another weekend', () => {
    const office = new OfficeDirectory([{ code: 'AEDXB000', country: 'AE', weekend: [0, 6] }, { code: 'ILTLV000', country: 'IL', timeZone: 'Asia/Jerusalem', weekend: [5, 6] }]).officeFor('IL');
    // Thursday 3 December 2026 + 1 working day: Friday and Saturday are the weekend, Sunday works.
    expect(countWorkingDays(office, { from: '2026-12-03', workingDays: 1 }).lastDay).toBe('2026-12-06');
  });
});

describe('offices', () => {
  it('routes by the destination country, falling back to the default office', () => {
    expect(offices.officeFor('us').code).toBe('USNYC000');
    expect(offices.officeFor('FR').code).toBe('BEBRU000');
    expect(new OfficeDirectory([{ country: 'BE' }, { country: 'NL', default: true }]).officeFor('FR').code).toBe('NL');
  });

  it('derives a whole office from a country alone', () => {
    expect(OfficeDirectory.forCountry('JP').defaultOffice).toEqual({ code: 'JP', country: 'JP', timeZone: 'Asia/Tokyo', weekend: [6, 0] });
    const settings = procedureSettings(loadConfig({}));
    expect(settings.offices.defaultOffice).toEqual({ code: 'BE', country: 'BE', timeZone: 'Europe/Brussels', weekend: [6, 0] });
    expect(procedureSettings(loadConfig({ CUSTOMS_COUNTRY: 'nl' })).offices.defaultOffice.timeZone).toBe('Europe/Amsterdam');
  });

  it('reads CUSTOMS_OFFICES as JSON or from a file, and refuses bad ones at start-up naming the field', () => {
    const list = [{ code: 'BEBRU000', country: 'BE' }, { code: 'USNYC000', country: 'US', subdivision: 'NY', timeZone: 'America/New_York' }];
    expect(procedureSettings(loadConfig({ CUSTOMS_OFFICES: JSON.stringify(list) })).offices.officeFor('US').timeZone).toBe('America/New_York');
    const file = join(mkdtempSync(join(tmpdir(), 'offices-')), 'offices.json');
    writeFileSync(file, JSON.stringify(list));
    expect(procedureSettings(loadConfig({ CUSTOMS_OFFICES: file })).offices.offices.map((o) => o.code)).toEqual(['BEBRU000', 'USNYC000']);

    const bad: [string, RegExp][] = [
      ['[{"country": "BE", "timeZone": "Europe/Brusels"}]', /CUSTOMS_OFFICES: \[0\]\.timeZone: is not an IANA time zone/],
      ['[{"country": "XX"}]', /\[0\]\.country: must be an ISO 3166-1 alpha-2 country code/],
      ['[{"country": "AQ"}]', /\[0\]\.country: has no public-holiday calendar/],
      ['[{"country": "DE", "subdivision": "ZZ"}]', /\[0\]\.subdivision: is not a subdivision of DE/],
      ['[{"country": "BE"}, {"country": "BE"}]', /\[1\]\.code: BE is listed twice/],
      ['[{"country": "BE", "colour": "blue"}]', /Unrecognized key/i],
      ['[]', /lists at least one office/],
      ['[{"country": "BE"', /is not valid JSON/],
      ['/no/such/offices.json', /neither a JSON list nor a readable file/],
    ];
    for (const [value, message] of bad) expect(() => loadConfig({ CUSTOMS_OFFICES: value }), value).toThrow(message);
    expect(() => loadConfig({ CUSTOMS_COUNTRY: 'Belgium' })).toThrow(/CUSTOMS_COUNTRY/);
  });
});

describe('procedure rules', () => {
  it('knows perishable goods by HS code, and not goods that keep', () => {
    expect(perishableGoods('060311')).toBe('cut flowers');
    expect(perishableGoods('080510')).toBe('fruit');
    expect(perishableGoods('040690')).toBe('dairy produce, eggs');
    for (const keeps of ['220830', '240220', '090121', '100190', '640411']) expect(perishableGoods(keeps), keeps).toBeNull();
  });

  it('tells a small consignment: at most 3 units, or under 2 kg gross', () => {
    const item = (quantity: number) => ({ quantity });
    expect(isSmallConsignment({ mode: 'postal', items: [item(2), item(1)] })).toBe(true);
    expect(isSmallConsignment({ mode: 'express', items: [item(4)], grossWeightKg: 1.99 })).toBe(true);
    expect(isSmallConsignment({ mode: 'express', items: [item(4)], grossWeightKg: 2 })).toBe(false);
    expect(isSmallConsignment({ mode: 'postal', items: [item(4)] })).toBe(false);
    expect(isSmallConsignment({ mode: 'cargo', items: [item(1)] })).toBe(false);
  });
});
