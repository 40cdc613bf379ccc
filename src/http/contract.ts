/**
 * Response shapes of the public API, as zod schemas: the OpenAPI document is generated from them
 * and the handlers' bodies are typed by them (`z.infer`), so the two cannot drift apart.
 */
import { z } from 'zod';
import { DECISIONS, PARCEL_STATUSES, ROLES } from '../db/schema.ts';
import { DELIVERY_STATUSES } from '../db/outbox.ts';
import { CASE_REFUSALS } from '../domain/case-procedure.ts';
import { OUTCOME_ACTIONS } from '../domain/outcomes.ts';
import { ERROR_CODES } from './errors.ts';

export const FieldErrorSchema = z.object({
  path: z.string().describe('where: a JSON path (`parcels[3].items[0].value`), or for CSV `line 4, column value`'),
  message: z.string(),
  line: z.number().int().optional().describe('CSV: the line of the file'),
  column: z.string().optional().describe('CSV: the column'),
  value: z.string().optional().describe('CSV: what the cell holds'),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).describe('one of a closed list; each code comes with the status(es) listed in src/http/errors.ts'),
    message: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  }),
});

export const RejectedParcelSchema = z.object({
  index: z.number().int().describe('position of the parcel in the submitted manifest'),
  itemId: z.string().nullable(),
  line: z.number().int().optional().describe('CSV: the first line of the parcel'),
  errors: z.array(FieldErrorSchema),
});

export const FilingResponseSchema = z.object({
  manifestId: z.string().nullable().describe('null when nothing was stored: a new manifest whose parcels were all filed before (200)'),
  manifestRef: z.string(),
  accepted: z.number().int().describe('parcels stored by this request'),
  duplicates: z
    .array(z.object({ index: z.number().int(), itemId: z.string(), line: z.number().int().optional() }))
    .describe('item ids this operator had already filed (with the first line of the parcel, for CSV)'),
  rejected: z.array(RejectedParcelSchema),
  statusUrl: z.string().nullable(),
});
export type FilingResponse = z.infer<typeof FilingResponseSchema>;

export const AllRejectedSchema = ErrorBodySchema.extend({ rejected: z.array(RejectedParcelSchema) });

const countsBy = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);

/** What every view of a manifest says about it. */
const ManifestFieldsSchema = z.object({
  manifestId: z.string(),
  manifestRef: z.string(),
  operator: z.string(),
  mode: z.string(),
  regime: z.string(),
  destinationCountry: z.string(),
  receivedAt: z.string(),
});

export const ManifestStatusSchema = ManifestFieldsSchema.extend({
  parcels: z.number().int(),
  status: countsBy(PARCEL_STATUSES),
  decisions: countsBy(DECISIONS),
  parcelsUrl: z.string(),
});
export type ManifestStatus = z.infer<typeof ManifestStatusSchema>;

export const ParcelSummarySchema = z.object({
  id: z.number().int(),
  itemId: z.string(),
  position: z.number().int(),
  revision: z.number().int(),
  status: z.enum(PARCEL_STATUSES),
  decision: z.enum(DECISIONS).nullable(),
  riskScore: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  receivedAt: z.string(),
});

export const ParcelPageSchema = z.object({
  items: z.array(ParcelSummarySchema),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});

export const AmendResponseSchema = z.object({
  itemId: z.string(),
  revision: z.number().int(),
  status: z.literal('pending'),
  previousDecision: z.enum(DECISIONS).nullable().describe('the decision the amended revision had, now superseded: the new revision is screened again'),
});
export type AmendResponse = z.infer<typeof AmendResponseSchema>;

export const ManifestSummarySchema = ManifestFieldsSchema.extend({ statusUrl: z.string() });

export const ManifestPageSchema = z.object({
  items: z.array(ManifestSummarySchema).describe('newest first'),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});
export type ManifestPage = z.infer<typeof ManifestPageSchema>;

export const ParcelLookupSchema = z.object({
  parcelId: z.number().int(),
  itemId: z.string(),
  operator: z.string(),
  manifestId: z.string(),
  manifestRef: z.string(),
  revision: z.number().int(),
  status: z.enum(PARCEL_STATUSES),
  decision: z.enum(DECISIONS).nullable(),
  riskScore: z.number().int().nullable(),
  outcome: z.string().nullable().describe('the last outcome customs recorded'),
  receivedAt: z.string(),
  decidedAt: z.string().nullable(),
  parcelUrl: z.string().describe('the parcel with its history'),
  caseUrl: z.string().optional().describe('customs and admin: the case file'),
});

export const ParcelLookupPageSchema = z.object({
  items: z.array(ParcelLookupSchema).describe('one per operator that filed the item id (an operator sees only its own)'),
});
export type ParcelLookupPage = z.infer<typeof ParcelLookupPageSchema>;

export const KeySchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  operator: z.string().nullable(),
  holder: z.string().nullable(),
  label: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('recorded at most once a minute per key: up to a minute behind'),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  replacedBy: z.string().nullable().describe('the key a rotation replaced this one with'),
  state: z.enum(['active', 'revoked', 'expired']),
});
export type KeyBody = z.infer<typeof KeySchema>;

export const NewKeySchema = KeySchema.extend({ key: z.string().describe('the secret: shown in this answer only, stored as a hash') });

export const RotatedKeySchema = NewKeySchema.extend({ replaces: KeySchema.describe('the old key, working until its expiresAt') });

export const KeyPageSchema = z.object({
  items: z.array(KeySchema).describe('newest first'),
  nextCursor: z.string().nullable(),
});

export const DeliverySchema = z.object({
  id: z.number().int().describe('the message id, as in the pull feed and the webhook body'),
  owner: z.string().describe('operator:<code> or holder:<reference>'),
  event: z.string(),
  idempotencyKey: z.string(),
  status: z.enum(DELIVERY_STATUSES).describe('delivered (a receiver answered 2xx); failing (its last attempt failed; tried again at nextAttemptAt); pending (not tried yet, or sent again by hand; without a webhook a message stays pending and is read by pull)'),
  attempts: z.number().int().describe('attempts made, the successful one included'),
  nextAttemptAt: z.string().nullable().describe('not before this (the owner’s receiver may be paused longer after failures); null once delivered'),
  lastError: z.string().nullable().describe('why the last failed attempt failed: HTTP status, timeout, connection error, refused target'),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  redeliverUrl: z.string(),
});
export type DeliveryBody = z.infer<typeof DeliverySchema>;

export const DeliveryPageSchema = z.object({
  items: z.array(DeliverySchema).describe('newest first'),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});

const CompileWarningsFields = {
  compiledFor: z.string().describe('the day the applications in force (or yet to come) were taken from'),
  warnings: z
    .array(z.string())
    .nullable()
    .describe('what compiling the version warns about: marks that are ordinary words ("Channel", "Best"), fold onto one or are one edit from one, or are too short to match; null when it does not compile'),
  compileError: z.string().optional().describe('only when the version does not compile: why (screening with it decides nothing)'),
};

export const RegistryImportSchema = z.object({
  applications: z.number().int().describe('applications in the bundle (upserted by id)'),
  indicators: z.number().int().describe('indicator entries in the bundle (they replace the current ones)'),
  registryVersion: z.number().int().describe('the version made, or the latest one when unchanged'),
  unchanged: z.boolean().describe('true: the bundle makes the registry the latest version already is; no version was made and nothing is re-screened'),
  rescreenQueued: z.boolean().describe('parcels still under control are being marked for screening again'),
  ...CompileWarningsFields,
});
export type RegistryImportBody = z.infer<typeof RegistryImportSchema>;

export const RegistryWarningsSchema = z.object({ version: z.number().int(), ...CompileWarningsFields });
export type RegistryWarningsBody = z.infer<typeof RegistryWarningsSchema>;

/** A 409 of the procedure: why the step was refused, and what the case still waits for. */
export const CaseRefusalSchema = z
  .object({
    error: z.object({ code: z.enum(CASE_REFUSALS), message: z.string() }),
    awaiting: z.array(z.string()).describe('what the case still waits for, in words'),
  })
  .describe('Why the step was refused, and what the case still waits for.');

/** An object whose fields are described in the operation's text (records the API shows as stored). */
const Described = (what: string) => z.record(z.string(), z.unknown()).describe(what);

export const PageOfSchema = (item: string) =>
  z.object({ items: z.array(Described(item)), nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page') });

export const ItemsSchema = (item: string) => z.object({ items: z.array(Described(item)) });

export const RecordSchema = Described;

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadinessSchema = z.object({ status: z.enum(['ready', 'unavailable']), database: z.enum(['sqlite', 'postgres']) });

export const QueuePageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int().describe('the parcel id: GET /v1/parcels/{id} is its case file'),
      itemId: z.string(),
      operator: z.string(),
      decision: z.enum(DECISIONS).nullable(),
      riskScore: z.number().int().nullable(),
      marks: z.array(z.string()),
      origin: z.string().nullable(),
      regime: z.string().nullable(),
      outcome: z.string().nullable(),
      confirmBy: z.string().nullable().describe('when the decision must be confirmed by (working days after the decision)'),
      receivedAt: z.string(),
      decidedAt: z.string().nullable(),
    }),
  ).describe('highest risk first'),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});

export const OutcomeRecordedSchema = z
  .object({ action: z.enum(OUTCOME_ACTIONS), allowedNext: z.array(z.enum(OUTCOME_ACTIONS)) })
  .catchall(z.unknown())
  .describe('The outcome as recorded, and the actions that may follow it');

export const OutcomeRefusedSchema = z.object({
  error: z.object({ code: z.enum(['not_allowed', ...CASE_REFUSALS]), message: z.string() }),
  allowedNext: z.array(z.enum(OUTCOME_ACTIONS)).optional().describe('not_allowed: the actions that may follow the current outcome'),
  awaiting: z.array(z.string()).optional().describe('destruction refused: what its cases still wait for'),
  cases: z.array(z.unknown()).optional().describe('destruction refused: the parcel’s cases'),
});

export const NotificationPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      event: z.string(),
      idempotencyKey: z.string(),
      createdAt: z.string(),
      deliveredAt: z.string().nullable(),
      data: z.unknown().describe('the event’s payload, as the webhook body carries it'),
    }),
  ),
  next: z.number().int().describe('pass as ?after= for the messages after these'),
});

export const WebhookSchema = z.object({ owner: z.string(), url: z.string(), updatedAt: z.string() });
export const WebhookSetSchema = z.object({
  owner: z.string(),
  url: z.string(),
  secret: z.string().describe('the signing secret: shown in this answer only'),
  ping: z.union([z.object({ status: z.number().int() }), z.object({ error: z.string() })]).describe('what the receiver answered to the signed ping'),
});

export const AuditPageSchema = z.object({
  items: z.array(Described('{id, at, actor, action, entity, entityId, before, after, hash}')),
  nextCursor: z.number().int().nullable().describe('pass as ?after= for the next page; null on the last page'),
});

export const AuditVerificationSchema = z.object({
  valid: z.boolean(),
  entries: z.number().int(),
  lastId: z.number().int().nullable().optional(),
  lastHash: z.string().nullable().optional(),
  firstBroken: z.object({ id: z.number().int(), reason: z.string() }).optional(),
});

export const StatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  rows: z.array(z.object({ key: z.string(), parcels: z.number().int(), declaredValue: z.record(z.string(), z.number()).describe('summed per currency') })),
  total: z.number().int(),
});
