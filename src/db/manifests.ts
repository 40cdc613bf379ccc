/**
 * Storage of manifests and their parcels: filing (one transaction per manifest), reading back
 * with counts and decisions, and the statements of an amendment (composed by src/ingest/amend.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { durableTransaction } from './durable-transaction.ts';
import { readScanning, type Db } from './connect.ts';
import type { Database, Decision, ManifestRow, ParcelStatus } from './schema.ts';
import { insertParcels } from './parcel-insert.ts';
import { audit } from './audit.ts';
import type { ManifestHeader, Parcel } from '../domain/manifest.ts';
import type { PreparedParcel } from '../domain/read-manifest.ts';
import type { Reason } from '../domain/decision.ts';
import { ACTORS } from '../domain/events.ts';

export interface FilingResult {
  /** null when nothing was stored: a new manifest whose parcels were all filed before. */
  manifestId: string | null;
  /** True when this request created the manifest; false when it names one filed before. */
  created: boolean;
  accepted: string[];
  duplicates: string[];
  /**
   * The manifest was filed before with another mode, regime or destination: nothing of this
   * request was stored (its parcels would join a manifest they were not validated for).
   */
  envelopeConflict: EnvelopeDifference[] | null;
}

export interface EnvelopeDifference {
  field: 'mode' | 'regime' | 'destinationCountry';
  filed: string;
  sent: string;
}

/**
 * Stores a manifest's valid parcels in one transaction. Resolves only once they are durable: on
 * SQLite with a WAL sync, the commit runs with synchronous=NORMAL (no fsync on the event loop)
 * and the WAL is then fsynced on the thread pool before this returns (durable-transaction.ts).
 */
export async function fileManifest(
  db: Db,
  operatorCode: string,
  header: ManifestHeader,
  parcels: readonly PreparedParcel[],
): Promise<FilingResult> {
  return durableTransaction(db, (trx) => fileManifestInTransaction(db, trx, operatorCode, header, parcels));
}

async function fileManifestInTransaction(
  db: Db,
  trx: Transaction<Database>,
  operatorCode: string,
  header: ManifestHeader,
  parcels: readonly PreparedParcel[],
): Promise<FilingResult> {
  const now = new Date().toISOString();
  const inserted = await trx
    .insertInto('manifests')
    .values({
      id: randomUUID(),
      operator_code: operatorCode,
      manifest_ref: header.manifestRef,
      mode: header.mode,
      regime: header.regime,
      destination_country: header.destinationCountry,
      received_at: now,
    })
    .onConflict((oc) => oc.columns(['operator_code', 'manifest_ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  let manifestId = inserted?.id;
  if (manifestId === undefined) {
    const filed = await trx
      .selectFrom('manifests')
      .select(['id', 'mode', 'regime', 'destination_country'])
      .where('operator_code', '=', operatorCode)
      .where('manifest_ref', '=', header.manifestRef)
      .executeTakeFirstOrThrow();
    const differences = envelopeDifferences(filed, header);
    if (differences.length > 0) return { manifestId: filed.id, created: false, accepted: [], duplicates: [], envelopeConflict: differences };
    manifestId = filed.id;
  }

  // An item id this operator filed before (in this or another manifest) is a duplicate, not an error.
  const accepted = await insertParcels(db, trx, { manifestId, operatorCode, status: 'pending', receivedAt: now }, parcels);
  let duplicates: string[] = [];
  if (accepted.length < parcels.length) {
    const acceptedSet = new Set(accepted);
    duplicates = parcels.map((p) => p.itemId).filter((id) => !acceptedSet.has(id));
  }
  if (accepted.length === 0) {
    // Every parcel was filed before: a new manifest row would be empty and unaudited, so none is kept.
    if (inserted) await trx.deleteFrom('manifests').where('id', '=', manifestId).execute();
    return { manifestId: inserted ? null : manifestId, created: false, accepted, duplicates, envelopeConflict: null };
  }
  await audit(trx, { actor: ACTORS.operator(operatorCode), action: 'manifest.accepted', entity: 'manifest', entityId: manifestId, after: { manifestRef: header.manifestRef, accepted: accepted.length } });
  return { manifestId, created: inserted !== undefined, accepted, duplicates, envelopeConflict: null };
}

function envelopeDifferences(filed: Pick<ManifestRow, 'mode' | 'regime' | 'destination_country'>, sent: ManifestHeader): EnvelopeDifference[] {
  const pairs: [EnvelopeDifference['field'], string, string][] = [
    ['mode', filed.mode, sent.mode],
    ['regime', filed.regime, sent.regime],
    ['destinationCountry', filed.destination_country, sent.destinationCountry],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([field, f, s]) => ({ field, filed: f, sent: s }));
}

export async function findManifest(db: Db, id: string, operatorCode: string | null): Promise<ManifestRow | undefined> {
  let query = db.kysely.selectFrom('manifests').selectAll().where('id', '=', id);
  if (operatorCode !== null) query = query.where('operator_code', '=', operatorCode);
  return query.executeTakeFirst();
}

export interface ManifestCounts {
  parcels: number;
  byStatus: Record<ParcelStatus, number>;
  byDecision: Record<Decision, number>;
}

export async function manifestCounts(db: Db, manifestId: string): Promise<ManifestCounts> {
  const rows = await db.kysely
    .selectFrom('parcels')
    .select(['status', 'decision', (eb) => eb.fn.countAll<number>().as('n')])
    .where('manifest_id', '=', manifestId)
    .groupBy(['status', 'decision'])
    .execute();
  const counts: ManifestCounts = {
    parcels: 0,
    byStatus: { pending: 0, screening: 0, screened: 0, rescreen: 0 },
    byDecision: { hold: 0, review: 0, release: 0 },
  };
  for (const row of rows) {
    const n = Number(row.n);
    counts.parcels += n;
    counts.byStatus[row.status] += n;
    if (row.decision) counts.byDecision[row.decision] += n;
  }
  return counts;
}

export interface ParcelListFilter {
  decision?: Decision;
  status?: ParcelStatus;
  /** Id of the last parcel of the previous page. */
  after?: number;
  limit: number;
}

export interface ParcelSummary {
  id: number;
  itemId: string;
  position: number;
  revision: number;
  status: ParcelStatus;
  decision: Decision | null;
  riskScore: number | null;
  decidedAt: string | null;
  receivedAt: string;
}

export async function listManifestParcels(db: Db, manifestId: string, filter: ParcelListFilter): Promise<ParcelSummary[]> {
  let query = db.kysely
    .selectFrom('parcels')
    .select(['id', 'item_id', 'position', 'revision', 'status', 'decision', 'risk_score', 'decided_at', 'received_at'])
    .where('manifest_id', '=', manifestId);
  if (filter.decision) query = query.where('decision', '=', filter.decision);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after !== undefined) query = query.where('id', '>', filter.after);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    position: r.position,
    revision: r.revision,
    status: r.status,
    decision: r.decision,
    riskScore: r.risk_score,
    decidedAt: r.decided_at,
    receivedAt: r.received_at,
  }));
}

export interface ParcelHistory {
  id: number;
  itemId: string;
  revision: number;
  status: ParcelStatus;
  decision: Decision | null;
  riskScore: number | null;
  parcel: Parcel;
  revisions: { revision: number; parcel: Parcel; replacedAt: string; replacedBy: string }[];
  /**
   * Every decision made on the parcel, oldest first, with its evidence, registry version and the
   * revision of the parcel it was made on. Only the last one for the current revision stands; the
   * others are superseded (by a re-screen, or by an amendment screened again).
   */
  decisions: { decision: Decision; riskScore: number; registryVersion: number; parcelRevision: number; decidedAt: string; superseded: boolean; reasons: Reason[] }[];
}

export async function findParcelWithHistory(db: Db, manifestId: string, itemId: string): Promise<ParcelHistory | undefined> {
  const row = await db.kysely
    .selectFrom('parcels')
    .select(['id', 'item_id', 'revision', 'status', 'decision', 'risk_score', 'data'])
    .where('manifest_id', '=', manifestId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!row) return undefined;
  const revisions = await db.kysely
    .selectFrom('parcel_revisions')
    .select(['revision', 'data', 'replaced_at', 'replaced_by'])
    .where('parcel_id', '=', row.id)
    .orderBy('revision')
    .execute();
  const decisions = await db.kysely
    .selectFrom('decisions')
    .select(['decision', 'risk_score', 'registry_version', 'parcel_revision', 'decided_at', 'reasons'])
    .where('parcel_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    id: row.id,
    itemId: row.item_id,
    revision: row.revision,
    status: row.status,
    decision: row.decision,
    riskScore: row.risk_score,
    parcel: JSON.parse(row.data) as Parcel,
    revisions: revisions.map((r) => ({
      revision: r.revision,
      parcel: JSON.parse(r.data) as Parcel,
      replacedAt: r.replaced_at,
      replacedBy: r.replaced_by,
    })),
    decisions: decisions.map((d, i) => ({
      decision: d.decision,
      riskScore: d.risk_score,
      registryVersion: d.registry_version,
      parcelRevision: d.parcel_revision,
      decidedAt: d.decided_at,
      superseded: i < decisions.length - 1 || d.parcel_revision !== row.revision,
      reasons: JSON.parse(d.reasons) as Reason[],
    })),
  };
}

/** A parcel as an amendment finds it, held on PostgreSQL until the transaction ends. */
export interface AmendableParcel {
  id: number;
  revision: number;
  data: string;
  decision: Decision | null;
  customs_outcome: string | null;
}

/**
 * The parcel `itemId` of a manifest, in `trx`. PostgreSQL: the row is held, so an outcome
 * recorded meanwhile waits for the amendment (or the amendment sees it). SQLite has one writer:
 * the transaction already excludes the other.
 */
export async function parcelForAmendment(db: Db, trx: Kysely<Database>, manifestId: string, itemId: string): Promise<AmendableParcel | undefined> {
  const query = trx
    .selectFrom('parcels')
    .select(['id', 'revision', 'data', 'decision', 'customs_outcome'])
    .where('manifest_id', '=', manifestId)
    .where('item_id', '=', itemId);
  return (db.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Keeps `current` in `parcel_revisions` and replaces the parcel's data by `parcel` as its next
 * revision, back to `pending` without a decision. Guarded by the revision read, so a concurrent
 * amendment or decision is never overwritten (that throws). Returns the new revision.
 */
export async function replaceParcelData(trx: Kysely<Database>, current: AmendableParcel, parcel: Parcel, amendedBy: string, now: string): Promise<number> {
  await trx
    .insertInto('parcel_revisions')
    .values({ parcel_id: current.id, revision: current.revision, data: current.data, replaced_at: now, replaced_by: amendedBy })
    .execute();
  const revision = current.revision + 1;
  const updated = await trx
    .updateTable('parcels')
    .set({
      data: JSON.stringify(parcel),
      revision,
      category: parcel.category,
      seller_name: parcel.seller.name,
      origin_country: parcel.items[0]?.originCountry ?? parcel.seller.country,
      status: 'pending',
      claimed_at: null,
      claim_token: null,
      decision: null,
      risk_score: null,
      decided_at: null,
      registry_version: null,
      marks: null,
      application_ids: null,
    })
    .where('id', '=', current.id)
    .where('revision', '=', current.revision)
    .where('customs_outcome', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error('parcel changed during amendment');
  return revision;
}

/**
 * Parcels waiting for screening (pending or being screened; re-screens excluded). Walks every such
 * parcel (~70 ms per million on SQLite, measured), so on SQLite it runs on the background thread.
 */
export async function countPending(db: Db): Promise<number> {
  const query = db.kysely
    .selectFrom('parcels')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    // The partial index's own condition: SQLite uses a partial index only when the query names it.
    .where('status', '<>', 'screened')
    // Re-screens wait behind new parcels and must not push back on operators.
    .where('status', '<>', 'rescreen');
  const [row] = await readScanning(db, query);
  return Number(row?.n ?? 0);
}
