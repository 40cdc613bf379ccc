/**
 * Finding manifests and parcels without knowing their ids: an operator's manifests newest first
 * (by reference, date, mode), and the parcels that carry an item id.
 */
import { sql } from 'kysely';
import type { Db } from './connect.ts';
import type { Decision, ParcelStatus } from './schema.ts';

export interface ManifestListFilter {
  /** null: every operator's (customs, admin). */
  operatorCode: string | null;
  manifestRef?: string;
  mode?: string;
  /** Received at or after (ISO timestamp). */
  from?: string;
  /** Received before (ISO timestamp). */
  before?: string;
  /** The last manifest of the previous page. */
  after?: { at: string; id: string };
  limit: number;
}

export interface ManifestSummary {
  manifestId: string;
  manifestRef: string;
  operator: string;
  mode: string;
  regime: string;
  destinationCountry: string;
  receivedAt: string;
}

/** Newest first; ties (one millisecond) broken by id, so pages never skip or repeat a manifest. */
export async function listManifests(db: Db, filter: ManifestListFilter): Promise<ManifestSummary[]> {
  let query = db.kysely.selectFrom('manifests').select(['id', 'manifest_ref', 'operator_code', 'mode', 'regime', 'destination_country', 'received_at']);
  if (filter.operatorCode !== null) query = query.where('operator_code', '=', filter.operatorCode);
  if (filter.manifestRef !== undefined) query = query.where('manifest_ref', '=', filter.manifestRef);
  if (filter.mode !== undefined) query = query.where('mode', '=', filter.mode);
  if (filter.from !== undefined) query = query.where('received_at', '>=', filter.from);
  if (filter.before !== undefined) query = query.where('received_at', '<', filter.before);
  const after = filter.after;
  if (after) {
    query = query.where((eb) => eb.or([eb('received_at', '<', after.at), eb.and([eb('received_at', '=', after.at), eb('id', '<', after.id)])]));
  }
  const rows = await query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    manifestId: r.id,
    manifestRef: r.manifest_ref,
    operator: r.operator_code,
    mode: r.mode,
    regime: r.regime,
    destinationCountry: r.destination_country,
    receivedAt: r.received_at,
  }));
}

export interface ParcelLookup {
  parcelId: number;
  itemId: string;
  operator: string;
  manifestId: string;
  manifestRef: string;
  revision: number;
  status: ParcelStatus;
  decision: Decision | null;
  riskScore: number | null;
  outcome: string | null;
  receivedAt: string;
  decidedAt: string | null;
}

/**
 * The parcels with this (normalised) item id: at most one per operator, since an operator files
 * an item id once. `operatorCode` confines the search to one operator's parcels.
 *
 * Item ids are unique per operator, so the unique index leads with the operator: across all
 * operators (customs), the few operator codes are walked with an index seek each (a loose index
 * scan over `manifests`), and each is looked up with the item id, instead of scanning parcels or
 * adding an index that every filed parcel would have to write.
 */
export async function findParcelsByItemId(db: Db, itemId: string, operatorCode: string | null): Promise<ParcelLookup[]> {
  const operators =
    operatorCode !== null
      ? sql`(${operatorCode})`
      : sql`(with recursive ops(code) as (
            select min(operator_code) from manifests
            union all
            select (select min(m.operator_code) from manifests m where m.operator_code > ops.code) from ops where ops.code is not null
          ) select code from ops where code is not null)`;
  const result = await sql<{
    id: number;
    item_id: string;
    operator_code: string;
    manifest_id: string;
    manifest_ref: string;
    revision: number;
    status: ParcelStatus;
    decision: Decision | null;
    risk_score: number | null;
    customs_outcome: string | null;
    received_at: string;
    decided_at: string | null;
  }>`
    select p.id, p.item_id, p.operator_code, p.manifest_id, m.manifest_ref, p.revision, p.status, p.decision, p.risk_score,
           p.customs_outcome, p.received_at, p.decided_at
    from parcels p join manifests m on m.id = p.manifest_id
    where p.item_id = ${itemId} and p.operator_code in ${operators}
    order by p.received_at, p.id`.execute(db.kysely);
  return result.rows.map((r) => ({
    parcelId: Number(r.id),
    itemId: r.item_id,
    operator: r.operator_code,
    manifestId: r.manifest_id,
    manifestRef: r.manifest_ref,
    revision: r.revision,
    status: r.status,
    decision: r.decision,
    riskScore: r.risk_score,
    outcome: r.customs_outcome,
    receivedAt: r.received_at,
    decidedAt: r.decided_at,
  }));
}
