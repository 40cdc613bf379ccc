/**
 * Whether `b` is the same JSON value as `a`: equal strings, numbers, booleans and nulls, arrays
 * of the same length with the same elements, objects with the same own keys (in any order)
 * holding the same values. `undefined` never matches: JSON has no such value.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return a === b && a !== undefined;
  if (typeof b !== 'object' || b === null) return false;
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Objects from JSON.parse and from validation have only own enumerable keys, so for-in counts them.
  let keys = 0;
  for (const k in rb) {
    if (!Object.hasOwn(ra, k) || !sameJsonValue(ra[k], rb[k])) return false;
    keys++;
  }
  for (const k in ra) if (Object.hasOwn(ra, k)) keys--;
  return keys === 0;
}
