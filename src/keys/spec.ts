/**
 * What a new API key may be: the options that fit its role, checked the same way for the admin
 * API (`POST /v1/keys`) and the CLI (`npm run keys -- create`).
 */
import { z } from 'zod';
import { ROLES } from '../db/schema.ts';
import { DateBoundSchema, endOf } from '../domain/dates.ts';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../domain/storable-text.ts';

/** Operator codes as operators' manifests carry them: upper case letters and digits, `-` and `_`. */
export const OPERATOR_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,49}$/;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

export const KeySpecSchema = z
  .strictObject({
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
    /** Operator keys: the operator whose manifests the key files and reads. */
    operator: z
      .string()
      .trim()
      .toUpperCase()
      .regex(OPERATOR_CODE_PATTERN, 'must be 1 to 50 letters, digits, - or _')
      .optional(),
    /** Rights-holder keys: the holder the key speaks for. */
    holder: text(100).optional(),
    label: text(200).optional(),
    /** A day (the key works through it) or an instant; in the future. */
    expiresAt: DateBoundSchema.transform(endOf).optional(),
  })
  .superRefine((spec, ctx) => {
    const fit = (field: 'operator' | 'holder', role: (typeof ROLES)[number]) => {
      if (spec.role === role && spec[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for a key of role ${role}` });
      if (spec.role !== role && spec[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `only a key of role ${role} has one` });
    };
    fit('operator', 'operator');
    fit('holder', 'rightsholder');
    if (spec.expiresAt !== undefined && spec.expiresAt <= new Date().toISOString()) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be in the future' });
    }
  });

export type KeySpec = z.output<typeof KeySpecSchema>;

/** How long a rotated key keeps working beside its replacement, at most. */
export const MAX_GRACE_SECONDS = 30 * 86_400;

export const RotationSchema = z.strictObject({
  /** Omit for the configured default (`KEY_ROTATION_GRACE_SECONDS`); 0 ends the old key now. */
  graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional(),
});
