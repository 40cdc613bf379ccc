import type { Context } from 'hono';
import type { z } from 'zod';
import { fieldErrors } from '../domain/manifest.ts';
import { errorResponse } from './errors.ts';

/** Parses query parameters with a zod schema; a bad one is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; response: Response } {
  const result = schema.safeParse(c.req.query());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    response: errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', fieldErrors(result.error, ['query'])),
  };
}
