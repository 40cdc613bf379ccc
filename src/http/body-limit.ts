/**
 * The request body size limit, per endpoint. A body that declares its length is judged by it
 * without reading a byte: hono's bodyLimit looks at `c.req.raw.body`, which makes
 * @hono/node-server turn the request into a web ReadableStream, so a 650 KB manifest then arrived
 * chunk by chunk through web streams instead of in one piece from the socket (node-server's
 * direct read). A chunked body (no length) is counted byte by byte as it is read, by
 * `readCountedBody` below, once the body budget (body-budget.ts) has made room for it.
 */
import type { Context, MiddlewareHandler } from 'hono';

/** Whether a request carries a body at all (GET and HEAD never do, here). */
export function mayHaveBody(c: Context): boolean {
  return c.req.method !== 'GET' && c.req.method !== 'HEAD';
}

/** The body's declared length, or null when it comes chunked (then the length is unknown until read). */
export function declaredLength(c: Context): number | null {
  const declared = c.req.header('content-length');
  // Node's HTTP parser rejects a malformed Content-Length, refuses one beside Transfer-Encoding,
  // and reads exactly that many bytes, so the declared length is the body's length.
  return declared !== undefined && c.req.header('transfer-encoding') === undefined ? Number(declared) : null;
}

/** 413 for a body that declares more than its endpoint's limit; chunked bodies pass on to be counted. */
export function declaredSizeLimit(limitFor: (c: Context) => number, onTooLarge: (c: Context, limit: number) => Response): MiddlewareHandler {
  return async (c, next) => {
    if (!mayHaveBody(c)) return next();
    const declared = declaredLength(c);
    if (declared !== null && declared > limitFor(c)) return onTooLarge(c, limitFor(c));
    return next();
  };
}

/**
 * The size limit alone, declared or counted (the console's forms, which the API's body budget
 * does not cover).
 */
export function bodySizeLimit(limitFor: (c: Context) => number, onTooLarge: (c: Context, limit: number) => Response): MiddlewareHandler {
  return async (c, next) => {
    if (!mayHaveBody(c)) return next();
    const limit = limitFor(c);
    const declared = declaredLength(c);
    if (declared !== null) return declared > limit ? onTooLarge(c, limit) : next();
    return (await readCountedBody(c, limit)) === null ? onTooLarge(c, limit) : next();
  };
}

/**
 * Reads a chunked body whole, counting the bytes that really arrive: `null` as soon as they pass
 * `limit` (the rest is left unread; the adapter drains or closes it after the answer). On success
 * the request is given the bytes read, so routes read it as usual.
 */
export async function readCountedBody(c: Context, limit: number): Promise<number | null> {
  const body = c.req.raw.body;
  if (!body) return 0;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) return null;
    chunks.push(value);
  }
  c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
  return size;
}
