/**
 * A parcel's case file as customs read it: the parcel as declared now and before each amendment,
 * its manifest, every decision with its reasons and registry version, the outcomes, the cases of
 * the procedure after detention, and the next steps the state machine and the procedure allow.
 * The API (`GET /v1/parcels/:id`) and the web console show the same.
 */
import type { Db } from '../db/connect.ts';
import { outcomeHistory } from '../db/outcomes.ts';
import { decisionsOf, parcelWithManifest, revisionsOf } from '../db/review-queue.ts';
import type { Reason } from '../domain/decision.ts';
import { procedureOfParcel, type ProcedureSettings } from './cases.ts';
import { allowedNext, type OutcomeAction } from '../domain/outcomes.ts';

export async function caseFile(db: Db, id: number, settings: ProcedureSettings) {
  const row = await parcelWithManifest(db, id);
  if (!row) return null;
  const [decisions, outcomes, procedure, revisions] = await Promise.all([decisionsOf(db, id), outcomeHistory(db.kysely, id), procedureOfParcel(db, id, settings), revisionsOf(db, id)]);
  return {
    id: row.id,
    itemId: row.item_id,
    operator: row.operator_code,
    manifest: { id: row.manifest_id, manifestRef: row.manifest_ref, mode: row.mode, regime: row.regime, destinationCountry: row.destination_country },
    parcel: JSON.parse(row.data) as unknown,
    revision: row.revision,
    /** Earlier versions of the parcel, each with when and by whom it was replaced. */
    revisions: revisions.map((r) => ({ revision: r.revision, parcel: JSON.parse(r.data) as unknown, replacedAt: r.replaced_at, replacedBy: r.replaced_by })),
    status: row.status,
    decision: row.decision,
    riskScore: row.risk_score,
    registryVersion: row.registry_version,
    decisions: decisions.map((d) => ({ decision: d.decision, riskScore: d.risk_score, registryVersion: d.registry_version, parcelRevision: d.parcel_revision, decidedAt: d.decided_at, reasons: JSON.parse(d.reasons) as Reason[] })),
    outcomes,
    outcome: row.customs_outcome,
    confirmBy: row.confirm_by,
    allowedNext: allowedNext(outcomes.map((o) => o.action as OutcomeAction)).filter((a) => a !== 'destroyed' || procedure.destruction.allowed),
    // The procedure after detention: each holder's case, whether destruction may proceed, and whether release is overdue.
    cases: procedure.cases,
    destruction: procedure.destruction.allowed
      ? ({ allowed: true } as const)
      : ({ allowed: false, code: procedure.destruction.refusal.code, reason: procedure.destruction.refusal.message, awaiting: procedure.destruction.refusal.awaiting } as const),
    releaseDue: procedure.releaseDue,
  };
}
export type CaseFile = NonNullable<Awaited<ReturnType<typeof caseFile>>>;
