/**
 * The request body size limit, per endpoint, decided without reading the body when the client
 * declared its length. hono's bodyLimit looks at `c.req.raw.body`, which makes @hono/node-server
 * turn the request into a web ReadableStream, so a 650 KB manifest then arrived chunk by chunk
 * through web streams instead of in one piece from the socket (node-server's direct read).
 * Chunked uploads, which declare no length, still go through hono's bodyLimit, which counts as it
 * reads.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Whether a request carries a body at all (GET and HEAD never do, here). */
export function mayHaveBody(c: Context): boolean {
  return c.req.method !== 'GET' && c.req.method !== 'HEAD';
}

/** The body's declared length, or null when it comes chunked (then the length is unknown until read). */
export function declaredLength(c: Context): number | null {
  const declared = c.req.header('content-length');
  // Node's HTTP parser rejects a malformed Content-Length and reads exactly that many bytes, so
  // the declared length is the body's length; with Transfer-Encoding it would not be.
  return declared !== undefined && c.req.header('transfer-encoding') === undefined ? Number(declared) : null;
}

export function bodySizeLimit(limitFor: (c: Context) => number, onError: (c: Context, limit: number) => Response): MiddlewareHandler {
  const counting = new Map<number, MiddlewareHandler>();
  return async (c, next) => {
    if (!mayHaveBody(c)) return next();
    const limit = limitFor(c);
    const declared = declaredLength(c);
    if (declared !== null) return declared > limit ? onError(c, limit) : next();
    let counter = counting.get(limit);
    if (!counter) {
      counter = bodyLimit({ maxSize: limit, onError: (ctx) => onError(ctx, limit) });
      counting.set(limit, counter);
    }
    return counter(c, next);
  };
}
