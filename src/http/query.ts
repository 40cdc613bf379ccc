/**
 * Query parameters are part of each route's contract: a parameter a route does not take is a 400
 * naming it, never silently ignored (`/v1/parcels?itemId=…` used to answer with the whole queue,
 * `/v1/audit?from=…` with everything). Routes whose contract declares a query parse it with a
 * strict schema (`parseQuery` in validate.ts); every other route of the contract takes none, which
 * this middleware enforces before the route runs. Which routes take a query is read from the
 * routes' declarations (operation.ts), not kept by hand.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { errorResponse } from './errors.ts';
import { routerPath } from './operation.ts';
import type { AppEnv } from './types.ts';

/** `METHOD /path/:param` of each route of the contract, and whether it takes query parameters. */
export function queryTable(app: OpenAPIHono<AppEnv>): ReadonlyMap<string, boolean> {
  const table = new Map<string, boolean>();
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== 'route') continue;
    table.set(`${def.route.method.toUpperCase()} ${routerPath(def.route.path)}`, def.route.request?.query !== undefined);
  }
  return table;
}

/** `METHOD /path/:param` of the route that will answer this request, or null when none will (404 or 405). */
export function routeKey(c: Parameters<MiddlewareHandler>[0]): string | null {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  // The first route of this method answers: middleware is registered for ALL.
  const route = matchedRoutes(c).find((r) => r.method === method);
  return route ? `${method} ${route.path}` : null;
}

/**
 * `table` is read on the first request that carries a query: by then every route is declared.
 * Routes outside the contract (the console's pages) are left to themselves.
 */
export function noUndeclaredQuery(table: () => ReadonlyMap<string, boolean>): MiddlewareHandler {
  let known: ReadonlyMap<string, boolean> | null = null;
  return async (c, next) => {
    const names = [...new Set(new URL(c.req.url).searchParams.keys())];
    if (names.length === 0) return next();
    const key = routeKey(c);
    known ??= table();
    if (key === null || known.get(key) !== false) return next();
    return errorResponse(
      c,
      400,
      'invalid_query',
      `${key} takes no query parameters`,
      names.map((name) => ({ path: `query.${name}`, message: 'unknown parameter: this endpoint takes none' })),
    );
  };
}
