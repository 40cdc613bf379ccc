/**
 * A bound on the memory of request bodies being read and parsed at once. Each request's body is
 * held whole (and parsed into objects several times its size) until its answer: 40 concurrent
 * 19 MB manifests once took the process from 768 to 1,425 MB. Bodies in flight may total
 * `budgetBytes`; a body that does not fit gets `503` with `Retry-After` before a byte of it is
 * read. A body larger than the whole budget is still taken when nothing else is in flight.
 *
 * A body that declares its length counts as that length (Node reads exactly that many bytes).
 * A chunked body declares nothing, so it takes its endpoint's whole limit while it is read and
 * counted here (413 past the limit, whatever its headers say), then only the bytes that really
 * came. Before, chunked bodies were read by the size limit in front of the budget: forty chunked
 * uploads were all held in memory at once, unaccounted.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { declaredLength, mayHaveBody, readCountedBody } from './body-limit.ts';
import { errorResponse } from './errors.ts';

export interface BodyBudget {
  middleware: MiddlewareHandler;
  /** Bytes of bodies in flight now. */
  inFlight(): number;
}

export interface BodyBudgetOptions {
  budgetBytes: number;
  limitFor: (c: Context) => number;
  retryAfterSeconds: number;
  /** The answer to a chunked body that passes its endpoint's limit. */
  onTooLarge: (c: Context, limit: number) => Response;
  onRefused?: () => void;
}

export function bodyBudget({ budgetBytes, limitFor, retryAfterSeconds, onTooLarge, onRefused = () => {} }: BodyBudgetOptions): BodyBudget {
  let inFlight = 0;
  const middleware: MiddlewareHandler = async (c, next) => {
    if (!mayHaveBody(c)) return next();
    const declared = declaredLength(c);
    const limit = limitFor(c);
    let held = declared ?? limit;
    if (held === 0) return next();
    if (inFlight > 0 && inFlight + held > budgetBytes) {
      onRefused();
      c.header('Retry-After', String(retryAfterSeconds));
      return errorResponse(c, 503, 'bodies_in_flight', `the server is reading ${inFlight} bytes of other request bodies (MAX_BODY_BYTES_IN_FLIGHT is ${budgetBytes}); retry after ${retryAfterSeconds} s`);
    }
    inFlight += held;
    try {
      if (declared === null) {
        const received = await readCountedBody(c, limit);
        if (received === null) return onTooLarge(c, limit);
        inFlight -= held - received;
        held = received;
      }
      await next();
    } finally {
      inFlight -= held;
    }
  };
  return { middleware, inFlight: () => inFlight };
}
