/**
 * Path segments and query values go into SQL comparisons: one that no database can store (a
 * `%00`, see storable-text.ts) is a 400 here instead of a PostgreSQL error later.
 */
import type { MiddlewareHandler } from 'hono';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../domain/storable-text.ts';
import { errorResponse } from './errors.ts';

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escapes are left for the router to answer
  }
}

export function storableUrl(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (!isStorableText(decoded(url.pathname))) {
      return errorResponse(c, 400, 'invalid_path', `the path ${UNSTORABLE_TEXT_MESSAGE}`);
    }
    for (const [name, value] of url.searchParams) {
      if (!isStorableText(name) || !isStorableText(value)) {
        return errorResponse(c, 400, 'invalid_query', 'query parameters are not valid', [{ path: `query.${name}`, message: UNSTORABLE_TEXT_MESSAGE }]);
      }
    }
    return next();
  };
}
