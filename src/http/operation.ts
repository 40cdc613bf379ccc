/**
 * Routes are declared with their contract: `operation()` states an endpoint's id, user, access,
 * parameters, body, answers and errors, and `serve()` registers that statement in the OpenAPI
 * registry and the handlers in the router in one call, so no route exists without its entry in
 * `/openapi.json` (test/openapi-contract.test.ts checks both ways).
 *
 * Declarations document; they do not validate. Handlers keep parsing their own input
 * (`parseQuery`, `parseBody`, the manifest reader's raw-body fast path) with the error codes the
 * API has always answered with: @hono/zod-openapi's own validators would read the body a second
 * time on the main thread and answer in another error shape.
 */
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { H } from 'hono/types';
import { z } from 'zod';
import type { Role } from '../db/schema.ts';
import { ROLES } from '../db/schema.ts';
import { requireRole } from './access.ts';
import { schemaOrRef } from './components.ts';
import { ErrorBodySchema } from './contract.ts';
import type { AppEnv } from './types.ts';

/** Who an endpoint is for: the tags of the document, one per operation. */
export const TAGS = {
  operator: 'Postal and express operators: file manifests, follow their parcels, answer as declarant',
  customs: 'Customs officers: the review queue, case files, outcomes, indicators, registry, statistics',
  'rights holder': 'Rights holders: applications for action, cases, answers',
  admin: 'Administrators: API keys, audit trail, webhook deliveries of any owner',
  system: 'Probes, metrics and this document: no key',
} as const;
export type Tag = keyof typeof TAGS;

type Method = 'get' | 'post' | 'put' | 'delete';
type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 415 | 422 | 429 | 500 | 503;
type Schema = z.ZodType;

/** An answer: its description and body (JSON by schema, CSV or text). */
export interface Answer {
  description: string;
  json?: Schema;
  csv?: true;
  text?: true;
}

/** An error answer: a description (the body is the error schema) or an answer with its own body. */
type ErrorAnswer = string | (Answer & { json: Schema });

export interface OperationSpec<P extends string> {
  method: Method;
  path: P;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** The roles whose keys may call it, or 'public' (no key). */
  access: readonly Role[] | 'public';
  query?: z.ZodObject;
  /** Path parameters: `{name}` in the path is a string unless given here. */
  params?: z.ZodObject;
  body?: { json?: Schema; csv?: string; required: boolean; description?: string };
  answers: Partial<Record<200 | 201 | 202 | 204, Answer>>;
  errors?: Partial<Record<ErrorStatus, ErrorAnswer>>;
}

const content = (a: Answer) =>
  a.json ? { 'application/json': { schema: schemaOrRef(a.json) } }
  : a.csv ? { 'text/csv': { schema: { type: 'string' as const } } }
  : a.text ? { 'text/plain': { schema: { type: 'string' as const } } }
  : undefined;

const response = (a: Answer) => ({ description: a.description, ...(content(a) ? { content: content(a) } : {}) });

const errorAnswer = (e: ErrorAnswer) => response(typeof e === 'string' ? { description: e, json: ErrorBodySchema } : e);

function pathParams(path: string, given: z.ZodObject | undefined): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, given?.shape[n] ?? z.string()])));
}

/** The route's contract, with the errors every API route can answer added to those it names. */
export function operation<P extends string>(spec: OperationSpec<P>) {
  const roles = spec.access === 'public' ? null : spec.access;
  const secured = roles !== null;
  const common: Partial<Record<ErrorStatus, ErrorAnswer>> = {
    400: 'invalid_query: a query parameter the endpoint does not take, or one given twice (named in errors)',
    ...(secured
      ? {
          401: 'unauthenticated: no API key, or one that is not valid, revoked or expired',
          429: 'rate_limited: the key is over its rate; too_many_failed_authentications: the address is; retry after Retry-After seconds',
        }
      : {}),
    ...(roles && roles.length < ROLES.length ? { 403: `forbidden: this endpoint is for ${roles.join(', ')}` } : {}),
  };
  const errors = { ...common, ...spec.errors };
  const params = pathParams(spec.path, spec.params);
  const body = spec.body
    ? {
        required: spec.body.required,
        ...(spec.body.description ? { description: spec.body.description } : {}),
        content: {
          ...(spec.body.json ? { 'application/json': { schema: schemaOrRef(spec.body.json) } } : {}),
          ...(spec.body.csv ? { 'text/csv': { schema: { type: 'string' as const, description: spec.body.csv } } } : {}),
        },
      }
    : undefined;
  const route = {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(roles ? { security: [{ apiKey: [] }], 'x-roles': roles } : { security: [] }),
    request: { ...(params ? { params } : {}), ...(spec.query ? { query: spec.query } : {}), ...(body ? { body } : {}) },
    responses: Object.fromEntries([
      ...Object.entries(spec.answers).map(([status, a]) => [status, response(a)]),
      ...Object.entries(errors).map(([status, e]) => [status, errorAnswer(e)]),
    ]),
  } satisfies RouteConfig;
  return route as typeof route & { path: P };
}

/** `/a/{id}` as the router writes it: `/a/:id`. */
export type RouterPath<T extends string> = T extends `${infer Head}/{${infer Param}}${infer Tail}` ? `${Head}/:${Param}${RouterPath<Tail>}` : T;

export const routerPath = <P extends string>(path: P) => path.replaceAll(/\{(\w+)\}/g, ':$1') as RouterPath<P>;

/**
 * Registers the route's contract and its handlers, after the check of the roles the contract
 * names: what the document says about access is what the route enforces.
 */
export function serve<R extends RouteConfig & { 'x-roles'?: readonly Role[] }>(app: OpenAPIHono<AppEnv>, route: R, ...handlers: H<AppEnv, RouterPath<R['path']>>[]): void {
  app.openAPIRegistry.registerPath(route);
  const roles = route['x-roles'];
  app.on([route.method.toUpperCase()], [routerPath(route.path)], ...(roles ? [requireRole(...roles)] : []), ...(handlers as H<AppEnv>[]));
}
