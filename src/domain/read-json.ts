/**
 * From the bytes of a JSON request body to a value routes may trust the shape of: decoded and
 * parsed (`json-bytes.ts`), no deeper than the nesting limit, no text a database cannot store.
 * Pure, so it runs the same on the HTTP thread (small bodies) or in an ingest worker.
 */
import { readJsonBytes } from './json-bytes.ts';
import { BYTES_PER_CONTAINER, holdsTooManyContainers, inspectJson } from './json-inspect.ts';
import { UNSTORABLE_TEXT_MESSAGE } from './storable-text.ts';

export type JsonBodyRead =
  | { ok: true; value: unknown }
  | { ok: false; code: 'malformed_json' | 'too_deep' | 'too_complex' | 'invalid_text'; message: string };

export const TOO_COMPLEX_MESSAGE = `the body holds more arrays and objects than its size allows (one per ${BYTES_PER_CONTAINER} bytes)`;

export function readJsonBody(body: Uint8Array, maxDepth: number): JsonBodyRead {
  if (holdsTooManyContainers(body)) return { ok: false, code: 'too_complex', message: TOO_COMPLEX_MESSAGE };
  let value: unknown;
  try {
    value = readJsonBytes(body).value;
  } catch (err) {
    return { ok: false, code: 'malformed_json', message: `body is not valid JSON: ${(err as Error).message}` };
  }
  return checkJsonValue(value, maxDepth);
}

/** The nesting and text checks of a parsed body. */
export function checkJsonValue(value: unknown, maxDepth: number): JsonBodyRead {
  const problem = inspectJson(value, maxDepth);
  if (problem?.kind === 'too_deep') {
    return { ok: false, code: 'too_deep', message: `${problem.path} nests arrays and objects deeper than ${maxDepth} levels (MAX_JSON_DEPTH)` };
  }
  if (problem) return { ok: false, code: 'invalid_text', message: `${problem.path} ${UNSTORABLE_TEXT_MESSAGE}` };
  return { ok: true, value };
}
