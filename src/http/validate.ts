import type { Context } from 'hono';
import type { z } from 'zod';
import { fieldErrors, type FieldError } from '../domain/manifest.ts';
import { readJson } from './body.ts';
import { errorResponse } from './errors.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Reads a JSON body and parses it with a zod schema: 415 or 400 when it is not JSON, 422 naming
 * each field when it does not fit.
 */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S, what = 'the request body'): Promise<Parsed<z.infer<S>>> {
  const read = await readJson(c);
  if (!read.ok) return { ok: false, response: errorResponse(c, read.status, read.code, read.message) };
  const parsed = schema.safeParse(read.value);
  if (!parsed.success) return { ok: false, response: errorResponse(c, 422, 'invalid_body', `${what} is not valid`, fieldErrors(parsed.error)) };
  return { ok: true, value: parsed.data };
}

/**
 * Parses query parameters with a strict zod object schema: a bad value, a parameter the schema
 * does not name or one given twice is a 400 naming it (see query.ts).
 */
export function parseQuery<S extends z.ZodObject>(c: Context, schema: S): Parsed<z.infer<S>> {
  const known = Object.keys(schema.shape);
  const errors: FieldError[] = [];
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!known.includes(name)) {
      errors.push({ path: `query.${name}`, message: `unknown parameter; this endpoint takes ${known.length ? known.join(', ') : 'none'}` });
    } else if (values.length > 1) {
      errors.push({ path: `query.${name}`, message: 'is given more than once' });
    }
  }
  const result = schema.safeParse(c.req.query());
  if (result.success && errors.length === 0) return { ok: true, value: result.data };
  if (!result.success) errors.push(...fieldErrors(result.error, ['query']));
  return {
    ok: false,
    response: errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', errors),
  };
}
