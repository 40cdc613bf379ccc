/**
 * Query parameters are part of each route's contract: a parameter a route does not take is a 400
 * naming it, never silently ignored (`/v1/parcels?itemId=…` used to answer with the whole queue,
 * `/v1/audit?from=…` with everything). Routes that take parameters parse them with a strict
 * schema (`parseQuery` in validate.ts); every other route takes none, which this middleware
 * enforces before the route runs.
 */
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { errorResponse } from './errors.ts';

/** The routes that read query parameters, as `METHOD /path/:param`: each parses them with `parseQuery`. */
export const ROUTES_WITH_QUERY: ReadonlySet<string> = new Set([
  'GET /v1/manifests',
  // CSV bodies may give the manifest's own fields as parameters.
  'POST /v1/manifests',
  'GET /v1/manifests/:id/parcels',
  'GET /v1/parcels',
  'GET /v1/cases',
  'GET /v1/audit',
  'GET /v1/stats',
  'GET /v1/stats.csv',
  'GET /v1/notifications',
  'GET /v1/applications',
  'GET /v1/registry/versions',
  'GET /v1/keys',
]);

/** `METHOD /path/:param` of the route that will answer this request, or null when none will (404 or 405). */
export function routeKey(c: Parameters<MiddlewareHandler>[0]): string | null {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  // The first route of this method answers: middleware is registered for ALL.
  const route = matchedRoutes(c).find((r) => r.method === method);
  return route ? `${method} ${route.path}` : null;
}

export function noUndeclaredQuery(): MiddlewareHandler {
  return async (c, next) => {
    const names = [...new Set(new URL(c.req.url).searchParams.keys())];
    if (names.length === 0) return next();
    const key = routeKey(c);
    if (key === null || ROUTES_WITH_QUERY.has(key)) return next();
    return errorResponse(
      c,
      400,
      'invalid_query',
      `${key} takes no query parameters`,
      names.map((name) => ({ path: `query.${name}`, message: 'unknown parameter: this endpoint takes none' })),
    );
  };
}
