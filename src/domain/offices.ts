/**
 * The customs offices whose calendars the legal clocks follow, and which office handles a
 * parcel: the first office of the manifest's destination country, else the default office
 * (the one marked `default`, or the first listed).
 */
import { z } from 'zod';
import { defaultTimeZone, hasHolidayCalendar, isTimeZone, type CustomsOffice } from './calendar.ts';
import { isCountryCode } from './codes.ts';

const SATURDAY_SUNDAY = [6, 0] as const;

export const CountryWithCalendarSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code')
  .refine((c) => hasHolidayCalendar(c), 'has no public-holiday calendar in date-holidays');

export const OfficeConfigSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9]{2,17}$/, 'must be 2 to 17 capital letters or digits')
      .optional(),
    country: CountryWithCalendarSchema,
    subdivision: z
      .string()
      .regex(/^[A-Z0-9]{1,3}$/, 'must be the ISO 3166-2 subdivision code without the country, e.g. BY')
      .optional(),
    timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone').optional(),
    weekend: z.array(z.number().int().min(0).max(6)).max(6).optional(),
    default: z.boolean().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.subdivision && !hasHolidayCalendar(o.country, o.subdivision)) {
      ctx.addIssue({ code: 'custom', path: ['subdivision'], message: `is not a subdivision of ${o.country} that date-holidays knows` });
    }
  });
export type OfficeConfig = z.infer<typeof OfficeConfigSchema>;

export const OfficesConfigSchema = z
  .array(OfficeConfigSchema)
  .min(1, 'lists at least one office')
  .max(1000)
  .superRefine((offices, ctx) => {
    const codes = new Set<string>();
    for (const [i, o] of offices.entries()) {
      const code = o.code ?? o.country;
      if (codes.has(code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `${code} is listed twice` });
      codes.add(code);
    }
    if (offices.filter((o) => o.default).length > 1) ctx.addIssue({ code: 'custom', message: 'marks more than one office as default' });
  });

/** The offices' configuration from JSON text, or the problems with it, each naming where (`[1].timeZone: …`). */
export function parseOfficesJson(text: string): { ok: true; offices: OfficeConfig[] } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['is not valid JSON'] };
  }
  const parsed = OfficesConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, offices: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      return where ? `${where}: ${issue.message}` : issue.message;
    }),
  };
}

/** An office from its configuration: the code defaults to the country, the time zone to the country's. */
export function toOffice(config: OfficeConfig): CustomsOffice {
  const timeZone = config.timeZone ?? defaultTimeZone(config.country) ?? 'UTC';
  return {
    code: config.code ?? config.country,
    country: config.country,
    ...(config.subdivision ? { subdivision: config.subdivision } : {}),
    timeZone,
    weekend: config.weekend ?? SATURDAY_SUNDAY,
  };
}

export class OfficeDirectory {
  readonly offices: readonly CustomsOffice[];
  readonly defaultOffice: CustomsOffice;
  private readonly byCountry = new Map<string, CustomsOffice>();

  constructor(configs: readonly OfficeConfig[]) {
    const parsed = OfficesConfigSchema.parse(configs);
    this.offices = parsed.map(toOffice);
    this.defaultOffice = this.offices[Math.max(0, parsed.findIndex((o) => o.default))]!;
    for (const office of this.offices) if (!this.byCountry.has(office.country)) this.byCountry.set(office.country, office);
  }

  /** One office for a country alone: its code is the country, its time zone the country's. */
  static forCountry(country: string): OfficeDirectory {
    return new OfficeDirectory([{ country }]);
  }

  /** The office that handles parcels bound for `destinationCountry`. */
  officeFor(destinationCountry: string): CustomsOffice {
    return this.byCountry.get(destinationCountry.toUpperCase()) ?? this.defaultOffice;
  }

  /** An office by code (a case keeps the code of the office that opened it). */
  byCode(code: string): CustomsOffice {
    return this.offices.find((o) => o.code === code) ?? this.defaultOffice;
  }
}
