/**
 * Customs' review queue and the rows behind a case file: the reads the API (`/v1/parcels`) and
 * the web console share. Risk-sorted with keyset paging (risk score descending, then id): a deep
 * page costs what the first one does, never an OFFSET walk.
 */
import { sql } from 'kysely';
import type { Db } from './connect.ts';
import { whereReleaseDue } from './cases.ts';
import type { Decision } from './schema.ts';
import { TERMINAL } from '../domain/outcomes.ts';

/** Outcomes after which nothing more happens to a parcel. */
const TERMINAL_OUTCOMES = [...TERMINAL];

export interface QueueCursor {
  riskScore: number;
  id: number;
}

export interface QueueFilter {
  /** One decision; both flagged decisions (hold and review) when absent. */
  decision?: Decision;
  /** true: no outcome yet or not a final one; false: a final outcome. */
  open?: boolean;
  /** Release is due and nothing else keeps the goods (at `now`). */
  overdue?: boolean;
  operator?: string;
  mark?: string;
  origin?: string;
  regime?: string;
  /** Received at or after (ISO date or timestamp). */
  since?: string;
  /** Received before the end of this day (ISO date) or this instant. */
  until?: string;
  /** The seller's name exactly as declared. */
  seller?: string;
  /** An item id or a manifest reference, matched exactly. */
  search?: string;
  after?: QueueCursor;
  limit: number;
}

export interface QueueRow {
  id: number;
  item_id: string;
  operator_code: string;
  decision: Decision | null;
  risk_score: number | null;
  marks: string | null;
  origin_country: string | null;
  seller_name: string;
  customs_outcome: string | null;
  confirm_by: string | null;
  received_at: string;
  decided_at: string | null;
  regime: string;
  manifest_ref: string;
}

/** The end of a date or instant given as an upper bound: a bare date means the whole day. */
export const endOf = (until: string) => (until.length === 10 ? `${until}T23:59:59.999Z` : until);

/**
 * Every flagged parcel (hold or review), written as the partial queue indexes of migration 0013
 * are declared: a literal (a bound parameter would not prove the index's condition) that no
 * other index can seek, so the planner walks `parcels_flagged_*` in queue order and stops at the page.
 */
const FLAGGED = sql<boolean>`parcels.decision <> 'release'`;

/**
 * The parcels an item id or a manifest reference names. Both are unique per operator only, and
 * indexed that way (`parcels_operator_item`, `manifests_operator_ref`): naming the few operators
 * lets both databases seek those indexes instead of walking the queue for one id.
 */
export async function searchIds(db: Db, term: string): Promise<{ parcels: number[]; manifests: string[] }> {
  const operators = db.kysely.selectFrom('manifests as m').select('m.operator_code').distinct();
  const itemId = term.replace(/[\s-]+/g, '').toUpperCase();
  const [parcels, manifests] = [
    await db.kysely.selectFrom('parcels').select('id').where('operator_code', 'in', operators).where('item_id', '=', itemId).execute(),
    await db.kysely.selectFrom('manifests').select('id').where('operator_code', 'in', operators).where('manifest_ref', '=', term).execute(),
  ];
  return { parcels: parcels.map((p) => p.id), manifests: manifests.map((m) => m.id) };
}

export async function reviewQueue(db: Db, f: QueueFilter, now: string): Promise<QueueRow[]> {
  const found = f.search ? await searchIds(db, f.search.trim()) : null;
  if (found && found.parcels.length === 0 && found.manifests.length === 0) return [];
  return reviewQueueQuery(db, f, now, found).execute();
}

/** The queue's statement for a filter, the search already resolved to ids (its plan is checked by test/query-plans.test.ts). */
export function reviewQueueQuery(db: Db, f: QueueFilter, now: string, found: { parcels: number[]; manifests: string[] } | null = null) {
  let query = db.kysely
    .selectFrom('parcels')
    .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
    .select([
      'parcels.id', 'parcels.item_id', 'parcels.operator_code', 'parcels.decision', 'parcels.risk_score', 'parcels.marks', 'parcels.origin_country',
      'parcels.seller_name', 'parcels.customs_outcome', 'parcels.confirm_by', 'parcels.received_at', 'parcels.decided_at', 'manifests.regime', 'manifests.manifest_ref',
    ]);
  // Released parcels are not the queue, but the API has always let customs list them.
  if (f.decision === 'release') query = query.where('parcels.decision', '=', 'release');
  else query = query.where(FLAGGED);
  // SQLite: `+` keeps the planner from seeking `parcels_decision` and sorting every hold; it walks
  // the queue index in order and skips the reviews (a third of the flagged are holds).
  if (f.decision && f.decision !== 'release') query = query.where(db.dialect === 'sqlite' ? sql<boolean>`+parcels.decision = ${f.decision}` : sql<boolean>`parcels.decision = ${f.decision}`);
  if (f.open === true) query = query.where((eb) => eb.or([eb('parcels.customs_outcome', 'is', null), eb('parcels.customs_outcome', 'not in', TERMINAL_OUTCOMES)]));
  if (f.open === false) query = query.where('parcels.customs_outcome', 'in', TERMINAL_OUTCOMES);
  // Overdue: release is due (no confirmation, or no proceedings, in time) and nothing else keeps the goods.
  if (f.overdue) query = query.where(whereReleaseDue(now));
  if (f.operator) query = query.where('parcels.operator_code', '=', f.operator.toUpperCase());
  if (f.mark) query = query.where(sql<boolean>`(',' || lower(parcels.marks) || ',') like ${`%,${f.mark.toLowerCase()},%`}`);
  if (f.origin) query = query.where('parcels.origin_country', '=', f.origin);
  if (f.regime) query = query.where('manifests.regime', '=', f.regime);
  if (f.since) query = query.where('parcels.received_at', '>=', f.since);
  if (f.until) query = query.where('parcels.received_at', '<=', endOf(f.until));
  if (f.seller) query = query.where('parcels.seller_name', '=', f.seller);
  if (found) {
    query = query.where((eb) => eb.or([...(found.parcels.length ? [eb('parcels.id', 'in', found.parcels)] : []), ...(found.manifests.length ? [eb('parcels.manifest_id', 'in', found.manifests)] : [])]));
  }
  if (f.after) {
    const { riskScore, id } = f.after;
    // `risk_score <= r` bounds the index range; the OR then only sorts out the ties.
    query = query.where('parcels.risk_score', '<=', riskScore).where((eb) => eb.or([eb('parcels.risk_score', '<', riskScore), eb('parcels.id', '>', id)]));
  }
  return query.orderBy('parcels.risk_score', 'desc').orderBy('parcels.id').limit(f.limit);
}

/** The cursor after a full page, else null. */
export function queueCursor(rows: readonly QueueRow[], limit: number): QueueCursor | null {
  const last = rows.at(-1);
  return rows.length === limit && last ? { riskScore: last.risk_score ?? 0, id: last.id } : null;
}

/** The parcel with its manifest's envelope, for the case file. */
export async function parcelWithManifest(db: Db, id: number) {
  return db.kysely
    .selectFrom('parcels')
    .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
    .selectAll('parcels')
    .select(['manifests.manifest_ref', 'manifests.mode', 'manifests.regime', 'manifests.destination_country'])
    .where('parcels.id', '=', id)
    .executeTakeFirst();
}

/** Every decision made on the parcel, oldest first. */
export async function decisionsOf(db: Db, parcelId: number) {
  return db.kysely.selectFrom('decisions').selectAll().where('parcel_id', '=', parcelId).orderBy('id').execute();
}

/** The versions of the parcel an amendment replaced, oldest first. */
export async function revisionsOf(db: Db, parcelId: number) {
  return db.kysely.selectFrom('parcel_revisions').select(['revision', 'data', 'replaced_at', 'replaced_by']).where('parcel_id', '=', parcelId).orderBy('revision').execute();
}
