// src/db/: every SQL statement, the migrations and this Database interface; imports only src/domain/.
/**
 * The one kysely `Database` interface: every table the service reads or writes.
 * Timestamps are ISO-8601 UTC strings and flags are 0/1 integers, so the same rows work on
 * SQLite (which binds neither Date nor boolean) and on PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { CaseStatus, Procedure } from '../domain/case-procedure.ts';

export const ROLES = ['operator', 'customs', 'rightsholder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `rescreen`: decided, and queued to be screened again against a newer registry version. */
export const PARCEL_STATUSES = ['pending', 'screening', 'screened', 'rescreen'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

import type { Decision } from '../domain/decision.ts';
/** Re-exported for the readers of the row types; defined in src/domain/decision.ts. */
export { DECISIONS, type Decision } from '../domain/decision.ts';

export interface ApiKeyTable {
  id: string;
  key_hash: string;
  role: Role;
  /** The operator whose manifests an operator key files and reads. */
  operator_code: string | null;
  /** The rights holder an `rightsholder` key speaks for. */
  holder_ref: string | null;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
  /** After this the key no longer works (creation option, or the end of a rotation's grace period). */
  expires_at: string | null;
  /** Recorded at most once a minute per key (src/keys/usage.ts): up to a minute behind. */
  last_used_at: string | null;
  /** The key a rotation made to replace this one. */
  replaced_by: string | null;
}

export interface ManifestTable {
  id: string;
  operator_code: string;
  manifest_ref: string;
  mode: string;
  regime: string;
  destination_country: string;
  received_at: string;
}

export interface ParcelTable {
  id: Generated<number>;
  manifest_id: string;
  operator_code: string;
  item_id: string;
  /** Index of the parcel in the manifest body that first carried it. */
  position: number;
  category: string;
  seller_name: string;
  /** The validated parcel as JSON: what the screening workers read. */
  data: string;
  /** 1 on filing, +1 per amendment. */
  revision: number;
  status: ParcelStatus;
  claimed_at: string | null;
  decision: Decision | null;
  risk_score: number | null;
  decided_at: string | null;
  received_at: string;
  /** Set when a dispatcher claims the parcel; a decision is written only under the same token. */
  claim_token: string | null;
  /** The registry version of the current decision. */
  registry_version: number | null;
  /** The last outcome customs recorded; null while the parcel is under control. */
  customs_outcome: string | null;
  origin_country: string | null;
  /** Marks and applications of the current decision's trademark reasons, comma-separated. */
  marks: string | null;
  application_ids: string | null;
  /** The earliest deadline of the parcel's open cases, in the office's local time (`2026-12-15T23:59:59+01:00`). */
  confirm_by: string | null;
  /** Claims for screening since the last decision (see migration 0006). */
  screen_attempts: Generated<number>;
  /** When the retention policy removed the sender's and consignee's personal data. */
  personal_data_purged_at: string | null;
}

export interface OutcomeTable {
  id: Generated<number>;
  parcel_id: number;
  action: string;
  note: string | null;
  officer: string;
  at: string;
}

/** Append-only (database triggers refuse UPDATE, DELETE, REPLACE and TRUNCATE), hash-chained. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  /** Hash of the previous entry (domain/audit-chain.ts); GENESIS_HASH for the first. */
  prev_hash: string | null;
}

/** One row (id 1): the last entry of the audit trail and its hash. Appends lock it. */
export interface AuditChainHeadTable {
  id: number;
  last_id: number | null;
  last_hash: string;
}

export interface WebhookTable {
  owner: string;
  url: string;
  secret: string;
  updated_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  owner: string;
  event: string;
  payload: string;
  idempotency_key: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

/** Earlier versions of amended parcels: the history of what the operator declared. */
export interface ParcelRevisionTable {
  id: Generated<number>;
  parcel_id: number;
  revision: number;
  data: string;
  /** When this version was replaced, and by whom. */
  replaced_at: string;
  replaced_by: string;
}

/** Immutable snapshots of the registry bundle; decisions name the version they were made with. */
export interface RegistryVersionTable {
  version: number;
  bundle: string;
  created_at: string;
  created_by: string;
  note: string | null;
}

/** Every decision ever made, in order: a re-screen adds one, never overwrites. */
export interface DecisionTable {
  id: Generated<number>;
  parcel_id: number;
  parcel_revision: number;
  registry_version: number;
  decision: Decision;
  risk_score: number;
  /** JSON array of reasons (src/domain/decision.ts). */
  reasons: string;
  decided_at: string;
}

export const APPLICATION_STATUSES = ['submitted', 'accepted', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Applications for customs action, as lodged and decided. `data` is the form as JSON. */
export interface ApplicationTable {
  id: string;
  /** The rights holder the application belongs to (a rightsholder key's holder_ref). */
  holder_ref: string;
  holder_name: string;
  status: ApplicationStatus;
  data: string;
  valid_from: string | null;
  valid_until: string | null;
  submitted_at: string;
  submitted_by: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  updated_at: string;
  /** The end of validity the holder was last told is near, and told has passed (once each per end of validity). */
  expiring_notice_for: string | null;
  expired_notice_for: string | null;
}

export interface ApplicationHistoryTable {
  id: Generated<number>;
  application_id: string;
  at: string;
  by: string;
  action: string;
  details: string;
}

/** Spellings of a mark learnt from customs outcomes, with where they were seen. */
export interface LearntAliasTable {
  id: Generated<number>;
  application_id: string;
  mark: string;
  /** The spelling as the parcel's description had it. */
  alias: string;
  /** The spelling folded (lower case, letters and digits): one row per spelling, however it was cased. */
  alias_key: string;
  parcel_id: number | null;
  item_id: string | null;
  officer: string;
  learnt_at: string;
}

/** Risk indicators customs maintains, one row each; `kind` says which list it belongs to. */
export interface IndicatorTable {
  id: string;
  kind: string;
  data: string;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/**
 * The procedure after a detention: one case per parcel and application (src/domain/case-procedure.ts).
 * `state` is the case's facts as JSON; `status` and `deadline_passes_at` copy what queries filter on.
 */
export interface CaseTable {
  id: Generated<number>;
  parcel_id: number;
  application_id: string;
  holder_ref: string;
  operator_code: string;
  office_code: string;
  procedure: Procedure;
  status: CaseStatus;
  /** UTC instant the current deadline passes. */
  deadline_passes_at: string;
  state: string;
  /** What the holder was told when the case opened (src/domain/events.ts `CaseNotice`), JSON. */
  notice: string;
  /** +1 per change: every update is conditional on it, so two nodes never both record one step. */
  version: number;
  opened_at: string;
  updated_at: string;
}

/** Parcels to mark for re-screening after a registry version (see migration 0007). */
export interface RescreenJobTable {
  version: number;
  received_since: string;
  next_id: number;
  last_id: number;
  marked: Generated<number>;
  created_at: string;
  finished_at: string | null;
  superseded_by: number | null;
}

/** How far each retention walk got (see migration 0009). */
export interface RetentionCursorTable {
  name: string;
  after_id: number;
}

/** A web console session (migration 0013): the SHA-256 of its id, the key it signed in with, its CSRF token. */
export interface ConsoleSessionTable {
  id_hash: string;
  key_id: string;
  csrf_token: string;
  created_at: string;
  /** Written at most once a minute: the idle expiry counts from here. */
  last_seen_at: string;
  /** The absolute end of the session, whatever its use. */
  expires_at: string;
}

export interface Database {
  api_keys: ApiKeyTable;
  manifests: ManifestTable;
  parcels: ParcelTable;
  parcel_revisions: ParcelRevisionTable;
  registry_versions: RegistryVersionTable;
  decisions: DecisionTable;
  applications: ApplicationTable;
  application_history: ApplicationHistoryTable;
  indicators: IndicatorTable;
  learnt_aliases: LearntAliasTable;
  outcomes: OutcomeTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  webhooks: WebhookTable;
  outbox: OutboxTable;
  rescreen_jobs: RescreenJobTable;
  retention_cursors: RetentionCursorTable;
  cases: CaseTable;
  console_sessions: ConsoleSessionTable;
}

export type ApiKeyRow = Selectable<ApiKeyTable>;
export type ManifestRow = Selectable<ManifestTable>;
export type ParcelRow = Selectable<ParcelTable>;
export type NewParcel = Insertable<ParcelTable>;
export type CaseRow = Selectable<CaseTable>;
