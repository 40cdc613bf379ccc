/**
 * The request body size limit, decided without reading the body when the client declared its
 * length. hono's bodyLimit looks at `c.req.raw.body`, which makes @hono/node-server turn the
 * request into a web ReadableStream, so a 650 KB manifest then arrived chunk by chunk through
 * web streams instead of in one piece from the socket (node-server's direct read). Chunked
 * uploads, which declare no length, still go through hono's bodyLimit, which counts as it reads.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function bodySizeLimit(maxSize: number, onError: (c: Context) => Response): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    // Node's HTTP parser rejects a malformed Content-Length and reads exactly that many bytes, so
    // the declared length is the body's length; with Transfer-Encoding it would not be.
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(declared) > maxSize ? onError(c) : next();
    }
    return counting(c, next);
  };
}
