/**
 * The application's limits on requests, in the order they apply under `/v1`: failed
 * authentications per address (in `authenticate`), requests per key, the body size of each
 * endpoint, the memory of bodies in flight. Only manifests and registry imports may be large
 * (`MAX_BODY_BYTES`); every other endpoint takes `MAX_JSON_BODY_BYTES` (an amendment is one
 * parcel, an application or an indicator a few KB).
 */
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { AuthLimits } from './auth.ts';
import { bodyBudget } from './body-budget.ts';
import { declaredSizeLimit } from './body-limit.ts';
import { errorResponse } from './errors.ts';
import type { LimitMetrics } from './limit-metrics.ts';
import { rateLimitPerKey } from './rate-limit.ts';

export type RequestLimitsConfig = Pick<
  Config,
  | 'MAX_BODY_BYTES'
  | 'MAX_JSON_BODY_BYTES'
  | 'MAX_BODY_BYTES_IN_FLIGHT'
  | 'RATE_LIMIT_OPERATOR'
  | 'RATE_LIMIT_CUSTOMS'
  | 'RATE_LIMIT_RIGHTSHOLDER'
  | 'RATE_LIMIT_ADMIN'
  | 'RATE_LIMIT_BURST_SECONDS'
  | 'AUTH_FAILURES_PER_MINUTE'
>;

/** The endpoints whose bodies may reach `MAX_BODY_BYTES`, as `METHOD path`. */
export const LARGE_BODY_ENDPOINTS: ReadonlySet<string> = new Set(['POST /v1/manifests', 'POST /v1/registry/import']);

/** Seconds a client is asked to wait when bodies in flight fill the budget. */
const BODY_BUDGET_RETRY_AFTER_SECONDS = 2;

export function requestLimits(config: RequestLimitsConfig, metrics: LimitMetrics) {
  const limitFor = (c: Context) => (LARGE_BODY_ENDPOINTS.has(`${c.req.method} ${c.req.path}`) ? config.MAX_BODY_BYTES : config.MAX_JSON_BODY_BYTES);
  const auth: AuthLimits = { failuresPerMinute: config.AUTH_FAILURES_PER_MINUTE, onLimited: () => metrics.requestsLimited.inc({ reason: 'auth_failures' }) };
  const perKey = rateLimitPerKey(
    { operator: config.RATE_LIMIT_OPERATOR, customs: config.RATE_LIMIT_CUSTOMS, rightsholder: config.RATE_LIMIT_RIGHTSHOLDER, admin: config.RATE_LIMIT_ADMIN },
    config.RATE_LIMIT_BURST_SECONDS,
    () => metrics.requestsLimited.inc({ reason: 'rate' }),
  );
  const tooLarge = (c: Context, limit: number) => {
    const large = limit === config.MAX_BODY_BYTES ? '' : ` (only manifests and registry imports may be up to ${config.MAX_BODY_BYTES} bytes)`;
    return errorResponse(c, 413, 'payload_too_large', `body is larger than ${limit} bytes, the limit of ${c.req.method} ${c.req.path}${large}`);
  };
  // Declared lengths are judged first (413 before any 503); chunked bodies are counted by the budget as they are read.
  const bodySize = declaredSizeLimit(limitFor, tooLarge);
  const budget = bodyBudget({
    budgetBytes: config.MAX_BODY_BYTES_IN_FLIGHT,
    limitFor,
    retryAfterSeconds: BODY_BUDGET_RETRY_AFTER_SECONDS,
    onTooLarge: tooLarge,
    onRefused: () => metrics.requestsLimited.inc({ reason: 'bodies_in_flight' }),
  });
  return { auth, perKey, bodySize, bodyBudget: budget.middleware };
}
