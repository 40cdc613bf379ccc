/**
 * Amending a filed parcel: real declarations are corrected after risk analysis too. Until customs
 * records an outcome, the operator's new data replaces the parcel's, the replaced version is kept
 * as a revision, the parcel goes back to `pending` without a decision (screening decides on the
 * amended data; decisions on earlier revisions stay, each naming its revision), and the audit
 * trail notes it, in one transaction.
 */
import { audit } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { parcelForAmendment, replaceParcelData } from '../db/manifests.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Decision } from '../domain/decision.ts';
import type { Parcel } from '../domain/manifest.ts';
import { personalDataChanged, withoutPersonalData } from '../domain/personal-data.ts';

export type AmendResult =
  | { ok: true; revision: number; previousDecision: Decision | null }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'outcome_recorded'; outcome: string };

export async function amendParcel(db: Db, manifestId: string, itemId: string, parcel: Parcel, amendedBy: string): Promise<AmendResult> {
  return inTransaction(db, async (trx) => {
    const current = await parcelForAmendment(db, trx, manifestId, itemId);
    if (!current) return { ok: false, reason: 'not_found' } as const;
    if (current.customs_outcome !== null) return { ok: false, reason: 'outcome_recorded', outcome: current.customs_outcome } as const;
    const revision = await replaceParcelData(trx, current, parcel, amendedBy, new Date().toISOString());
    // The trail is never rewritten, so it keeps no personal data (the retention policy could not
    // remove it there): the declared goods before and after, and whether names or addresses changed.
    const previous = JSON.parse(current.data) as Parcel;
    await audit(trx, { actor: amendedBy, action: 'parcel.amended', entity: 'parcel', entityId: String(current.id), before: withoutPersonalData(previous), after: { ...withoutPersonalData(parcel), personalDataChanged: personalDataChanged(previous, parcel) } });
    return { ok: true, revision, previousDecision: current.decision } as const;
  });
}
