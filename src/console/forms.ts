/**
 * Reading the console's forms and query strings: empty fields count as absent (an HTML form sends
 * every field), errors name the field in words.
 */
import type { Context } from 'hono';
import type { z } from 'zod';

export type FormValue = string | File | (string | File)[];
export type FormData = Record<string, FormValue>;

/** The query string without empty values. */
export function queryValues(c: Context): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(c.req.query())) if (v.trim() !== '') out[k] = v.trim();
  return out;
}

/** The posted form (every field, repeated ones as lists), as the session check already read it. */
export async function formValues(c: Context): Promise<FormData> {
  return (await c.req.parseBody({ all: true })) as FormData;
}

export function text(form: FormData, name: string): string {
  const v = form[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one.trim() : '';
}

export function texts(form: FormData, name: string): string[] {
  const v = form[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean);
}

/** Lines of a textarea, trimmed, without blanks. */
export function lines(form: FormData, name: string): string[] {
  return text(form, name).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

export function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
}
