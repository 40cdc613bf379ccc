/**
 * A client that goes away mid-request (closes the connection during an upload) is not a server
 * error: the body read fails with `aborted` (ECONNRESET) and nobody is left to answer. Recognised
 * here so the error handler logs it at debug with the request id instead of as an unhandled error.
 */
import type { Context } from 'hono';

export function isClientAbort(err: unknown, c: Context): boolean {
  if (c.req.raw.signal?.aborted) return true;
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, name } = err as { code?: unknown; message?: unknown; name?: unknown };
  return name === 'AbortError' || (code === 'ECONNRESET' && message === 'aborted');
}

/** "Client Closed Request": what the metrics record for it (nginx's code); nothing reaches the client. */
export const CLIENT_CLOSED_REQUEST = 499;
