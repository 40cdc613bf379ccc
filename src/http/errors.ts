/**
 * One error shape for every 4xx/5xx answer: `{error: {code, message, errors?}}`, where `errors`
 * lists field-level problems as `{path, message}`.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../domain/manifest.ts';

export interface ErrorBody {
  error: { code: string; message: string; errors?: FieldError[] };
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  errors?: FieldError[],
) {
  const body: ErrorBody = { error: { code, message, ...(errors ? { errors } : {}) } };
  return c.json(body, status);
}
