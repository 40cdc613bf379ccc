import type { Context } from 'hono';
import type { z } from 'zod';
import { fieldErrors } from '../domain/manifest.ts';
import { readJson } from './body.ts';
import { errorResponse } from './errors.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * Reads a JSON body and parses it with a zod schema: 415 or 400 when it is not JSON, 422 naming
 * each field when it does not fit.
 */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S, what = 'the request body'): Promise<Parsed<z.infer<S>>> {
  const read = await readJson(c);
  if (!read.ok) return { ok: false, response: errorResponse(c, read.status, read.code, read.message, read.errors) };
  const parsed = schema.safeParse(read.value);
  if (!parsed.success) return { ok: false, response: errorResponse(c, 422, 'invalid_body', `${what} is not valid`, fieldErrors(parsed.error)) };
  return { ok: true, value: parsed.data };
}

/** Parses query parameters with a zod schema; a bad one is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): Parsed<z.infer<S>> {
  const result = schema.safeParse(c.req.query());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    response: errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', fieldErrors(result.error, ['query'])),
  };
}
