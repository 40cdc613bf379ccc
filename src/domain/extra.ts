/**
 * Fields the manifest contract does not name are kept, not dropped: each object of a parcel (the
 * parcel, its parties, its item lines, its transport document and party ids) holds the keys it
 * does not know under its own `extra`, next to whatever the operator sent as `extra` itself.
 * Stored, returned and shown in the case file; never screened.
 *
 * Shared by the zod schemas (`manifest.ts`) and the fast path (`parcel-fast-path.ts`), so that
 * both build `extra` the same way, in the same key order.
 */
import { z } from 'zod';
import { findUnstorableText, isStorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text.ts';

export const EXTRA_LIMITS = {
  /** Keys per `extra`, explicit and unknown together. */
  keys: 50,
  keyLength: 100,
  /** Characters of one value's JSON text. */
  valueChars: 4000,
} as const;

/** One kept value: any JSON value with storable text, of bounded size. */
export const ExtraValueSchema = z.json().superRefine((value, ctx) => {
  const where = findUnstorableText(value);
  if (where !== null) {
    ctx.addIssue({ code: 'custom', message: UNSTORABLE_TEXT_MESSAGE });
    return;
  }
  if (JSON.stringify(value).length > EXTRA_LIMITS.valueChars) {
    ctx.addIssue({ code: 'custom', message: `must be at most ${EXTRA_LIMITS.valueChars} characters of JSON` });
  }
});

const ExtraKeySchema = z
  .string()
  .min(1, 'extra keys must not be empty')
  .max(EXTRA_LIMITS.keyLength, `extra keys must be at most ${EXTRA_LIMITS.keyLength} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** What an operator may send as `extra` itself: an object of kept values. */
export const ExtraSchema = z.record(ExtraKeySchema, ExtraValueSchema, {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object'),
});

export type Extra = Record<string, z.infer<typeof ExtraValueSchema>>;

export type ExtraProblem = { key: string; message: string };

/**
 * `explicit` (the object's own `extra`) with the unknown keys added after it, in the order they
 * came. A key given both ways, or more keys than the limit, is a problem for the caller to
 * report; `undefined` when there is nothing to keep.
 */
export function mergeExtra(
  explicit: Extra | undefined,
  unknown: ReadonlyArray<readonly [string, unknown]>,
): { extra: Extra | undefined; problem: ExtraProblem | null } {
  if (unknown.length === 0) return { extra: explicit, problem: explicit && Object.keys(explicit).length > EXTRA_LIMITS.keys ? tooMany() : null };
  const extra: Extra = explicit ? { ...explicit } : {};
  for (const [key, value] of unknown) {
    if (Object.hasOwn(extra, key)) return { extra, problem: { key, message: `is given both as a field and under extra` } };
    extra[key] = value as Extra[string];
  }
  return { extra, problem: Object.keys(extra).length > EXTRA_LIMITS.keys ? tooMany() : null };
}

function tooMany(): ExtraProblem {
  return { key: 'extra', message: `may hold at most ${EXTRA_LIMITS.keys} fields` };
}

/** Unknown keys are checked as names too: they become keys of `extra`. */
export function extraKeyProblem(key: string): string | null {
  const r = ExtraKeySchema.safeParse(key);
  return r.success ? null : r.error.issues[0]!.message;
}
