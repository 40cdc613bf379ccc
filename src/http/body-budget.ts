/**
 * A bound on the memory of request bodies being read and parsed at once. Each request's body is
 * held whole (and parsed into objects several times its size) until its answer: 40 concurrent
 * 19 MB manifests once took the process from 768 to 1,425 MB. Bodies in flight may total
 * `budgetBytes` (declared length; a chunked body counts as its endpoint's limit); a body that does
 * not fit gets `503` with `Retry-After` before a byte of it is read. A body larger than the whole
 * budget is still taken when nothing else is in flight.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { declaredLength, mayHaveBody } from './body-limit.ts';
import { errorResponse } from './errors.ts';

export interface BodyBudget {
  middleware: MiddlewareHandler;
  /** Bytes of bodies in flight now. */
  inFlight(): number;
}

export function bodyBudget(budgetBytes: number, limitFor: (c: Context) => number, retryAfterSeconds: number, onRefused: () => void = () => {}): BodyBudget {
  let inFlight = 0;
  const middleware: MiddlewareHandler = async (c, next) => {
    if (!mayHaveBody(c)) return next();
    const size = declaredLength(c) ?? limitFor(c);
    if (size === 0) return next();
    if (inFlight > 0 && inFlight + size > budgetBytes) {
      onRefused();
      c.header('Retry-After', String(retryAfterSeconds));
      return errorResponse(c, 503, 'bodies_in_flight', `the server is reading ${inFlight} bytes of other request bodies (MAX_BODY_BYTES_IN_FLIGHT is ${budgetBytes}); retry after ${retryAfterSeconds} s`);
    }
    inFlight += size;
    try {
      await next();
    } finally {
      inFlight -= size;
    }
  };
  return { middleware, inFlight: () => inFlight };
}
