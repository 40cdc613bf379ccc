/**
 * A path that exists with another method answers 405 with `Allow`, not 404: the client learns
 * that it chose the wrong method, not that the resource is missing.
 */
import type { Context, Hono } from 'hono';
import type { RouterRoute } from 'hono/types';
import { errorResponse } from './errors.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods some route (not middleware, registered for ALL) answers on this path. */
export function allowedMethods(app: Hono<never>, path: string): string[] {
  const allowed: string[] = [];
  for (const method of METHODS) {
    const [matches] = app.router.match(method, path) as [[[unknown, RouterRoute], unknown][]];
    if (matches.some(([[, route]]) => route.method === method)) allowed.push(method);
  }
  // Hono answers HEAD with the GET route.
  if (allowed.includes('GET')) allowed.splice(1, 0, 'HEAD');
  return allowed;
}

/** For `app.notFound`: 405 with `Allow` when the path exists with other methods, else null. */
export function methodNotAllowed(app: Hono<never>, c: Context): Response | null {
  const allowed = allowedMethods(app, c.req.path);
  if (allowed.length === 0) return null;
  c.header('Allow', allowed.join(', '));
  return errorResponse(c, 405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; it takes ${allowed.join(', ')}`);
}
