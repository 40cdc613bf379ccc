/**
 * The OpenAPI 3.1 document, generated from the routes' own declarations (`operation()` and
 * `serve()` in operation.ts) and the zod schemas that validate requests and type responses, so
 * the document lists exactly the routes the app has. Named schemas come from zod itself
 * (components.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { componentSchemas } from './components.ts';
import { TAGS } from './operation.ts';
import type { AppEnv } from './types.ts';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

const METHOD_ORDER = ['get', 'put', 'post', 'delete'];

/** A path's operations in the usual reading order (get first), whatever order the routes were declared in. */
function inMethodOrder<T extends object>(item: T): T {
  const rank = (key: string) => (METHOD_ORDER.includes(key) ? METHOD_ORDER.indexOf(key) : METHOD_ORDER.length);
  return Object.fromEntries(Object.entries(item).sort(([a], [b]) => rank(a) - rank(b))) as T;
}

export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'parcelscreen',
      version: '0.1.0',
      description:
        'Screens postal and express parcel manifests for counterfeit goods before they reach the border. ' +
        'Every route answers a query parameter it does not take (or one given twice) with 400 naming it, and a method a path does not take with 405 and an Allow header. ' +
        'Errors are `{error: {code, message, errors?}}` with a code from a closed list (the Error schema). ' +
        'Lists page with `limit` and the `nextCursor` of the previous page. ' +
        'Not part of this contract: `/console` (the web console, HTML pages behind its own sign-in) and `/docs` (this document, rendered).',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: [{ url: '/', description: 'this server' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
  return {
    ...doc,
    paths: Object.fromEntries(Object.entries(doc.paths ?? {}).map(([path, item]) => [path, inMethodOrder(item)])),
    components: {
      ...doc.components,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key from `npm run keys -- create` or POST /v1/keys' } },
      schemas: { ...doc.components?.schemas, ...componentSchemas() },
    },
  };
}
