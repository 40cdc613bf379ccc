/**
 * Walks of untrusted JSON values, iterative (an explicit stack, never the call stack): a body
 * nested 8,000 levels deep in 16 KB once overflowed the recursive walk and answered 500.
 * `JSON.parse` itself copes with any depth (V8's parser is iterative; a million levels parse),
 * but `JSON.stringify`, zod error paths and every recursive helper do not, so bodies nested
 * deeper than a limit are refused before anything else walks them.
 *
 * A path (`a.b[2]`) is built only for the value found, from parent links, so a clean walk
 * allocates one small frame per container and no strings.
 */
import { isStorableText } from './storable-text.ts';

/**
 * At most one array or object per this many bytes of a body, plus `CONTAINER_ALLOWANCE`. Parsed,
 * an empty array or object costs V8 ~200 bytes: a 20 MB body of nothing but `[]` took the process
 * to 1,689 MB and the only ingest thread for 3 s, 10 million nested levels to 1,214 MB for 5 s
 * (measured). Valid bodies hold far fewer: a manifest about one per 80 bytes, a registry bundle
 * of short keywords one per 25.
 */
export const BYTES_PER_CONTAINER = 16;
const CONTAINER_ALLOWANCE = 10_000;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;

/**
 * Whether a body may hold more arrays and objects than its size allows, counted before it is
 * parsed: every `[` and `{` byte, inside strings too (an over-count, never an under-count), with
 * native searches (0.1-0.3 ms for a 500 KB manifest, a tenth of parsing it), stopping at the limit.
 */
export function holdsTooManyContainers(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let left = CONTAINER_ALLOWANCE + Math.floor(bytes.byteLength / BYTES_PER_CONTAINER);
  for (const opening of [OPEN_BRACKET, OPEN_BRACE]) {
    for (let at = buffer.indexOf(opening); at >= 0; at = buffer.indexOf(opening, at + 1)) if (--left < 0) return true;
  }
  return false;
}

export type JsonProblem = { kind: 'too_deep'; path: string; maxDepth: number } | { kind: 'unstorable_text'; path: string };

interface Frame {
  value: unknown;
  parent: Frame | null;
  /** Key in the parent object, or index in the parent array. */
  key: string | number;
  /** Containers from the top: the body's own object or array is at depth 1. */
  depth: number;
}

function pathOf(frame: Frame): string {
  const parts: (string | number)[] = [];
  for (let f: Frame | null = frame; f && f.parent; f = f.parent) parts.push(f.key);
  let path = '';
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    path += typeof part === 'number' ? `[${part}]` : path ? `.${part}` : part;
  }
  return path || '(body)';
}

/**
 * The first problem of a parsed JSON value, in document order: an array or object nested deeper
 * than `maxDepth`, or a string or key holding text no database can store; null when there is none.
 */
export function inspectJson(value: unknown, maxDepth: number): JsonProblem | null {
  const stack: Frame[] = [{ value, parent: null, key: '', depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (typeof frame.key === 'string' && frame.parent && !isStorableText(frame.key)) return { kind: 'unstorable_text', path: pathOf(frame) };
    const v = frame.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return { kind: 'unstorable_text', path: pathOf(frame) };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth) return { kind: 'too_deep', path: pathOf(frame), maxDepth };
    // Children pushed last-first, so they are popped in document order.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: frame, key: i, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]!], parent: frame, key: keys[i]!, depth });
  }
  return null;
}

/** The path (`a.b[2]`) of the first string or key in a JSON value that is not storable, or null. */
export function findUnstorableText(value: unknown): string | null {
  const problem = inspectJson(value, Number.POSITIVE_INFINITY);
  return problem?.path ?? null;
}

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `maxDepth`: the check alone,
 * without paths or text, for bodies whose text is checked field by field elsewhere (manifests).
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()! + 1;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return true;
    if (Array.isArray(v)) {
      for (const child of v) if (typeof child === 'object' && child !== null) (values.push(child), depths.push(depth));
    } else {
      for (const key in v) {
        const child = (v as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) (values.push(child), depths.push(depth));
      }
    }
  }
  return false;
}
