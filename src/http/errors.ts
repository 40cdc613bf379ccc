/**
 * One error shape for every 4xx/5xx answer: `{error: {code, message, errors?}}`, where `errors`
 * lists field-level problems as `{path, message}`; and the closed list of codes with the statuses
 * each is answered with. A code outside the list, or a status its code is not listed with, does
 * not compile; the OpenAPI document lists the same codes (`ErrorBodySchema`).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CASE_REFUSALS, type CaseRefusalCode } from '../domain/case-procedure.ts';
import type { FieldError } from '../domain/manifest.ts';

function each<K extends string, V>(keys: readonly K[], value: V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>;
}

const caseRefusals: Record<CaseRefusalCode, readonly [409]> = each(CASE_REFUSALS, [409] as const);

/** Every error code the service answers with, and its status(es). */
export const ERROR_STATUSES = {
  // The request cannot be read: its path, query or body.
  invalid_query: [400],
  invalid_path: [400],
  malformed_json: [400],
  malformed_csv: [400],
  invalid_csv_header: [400],
  invalid_manifest: [400],
  too_deep: [400],
  too_complex: [400],
  invalid_text: [400],
  unauthenticated: [401],
  forbidden: [403],
  not_found: [404],
  method_not_allowed: [405],
  request_timeout: [408],
  // The request is understood but the state of things refuses it.
  conflict: [409],
  manifest_conflict: [409],
  outcome_recorded: [409],
  not_allowed: [409],
  no_webhook: [409],
  key_not_active: [409],
  ...caseRefusals,
  payload_too_large: [413],
  unsupported_media_type: [415],
  // The body was read but does not fit its schema: the field errors say where.
  invalid_body: [422],
  invalid_parcel: [422],
  invalid_bundle: [422],
  no_valid_parcels: [422],
  rate_limited: [429],
  too_many_failed_authentications: [429],
  internal: [500],
  backlog_full: [503],
  bodies_in_flight: [503],
  too_many_connections: [503],
} as const satisfies Record<string, readonly ContentfulStatusCode[]>;

export type ErrorCode = keyof typeof ERROR_STATUSES;
/** The statuses a code is answered with. */
export type StatusOf<C extends ErrorCode> = (typeof ERROR_STATUSES)[C][number];

export const ERROR_CODES = Object.keys(ERROR_STATUSES) as [ErrorCode, ...ErrorCode[]];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; errors?: FieldError[] };
}

/** The body of an error answer; routes that add fields beside `error` (a 409's `awaiting`) spread it. */
export function errorBody(code: ErrorCode, message: string, errors?: FieldError[]): ErrorBody {
  return { error: { code, message, ...(errors ? { errors } : {}) } };
}

export function errorResponse<C extends ErrorCode>(c: Context, status: StatusOf<C>, code: C, message: string, errors?: FieldError[]) {
  return c.json(errorBody(code, message, errors), status);
}
