// src/workflow/: customs outcomes, cases, webhooks, statistics and retention; the top service, owning its transactions.
/**
 * Recording a customs outcome: the state machine decides (and, for a destruction, the cases of
 * the procedure after detention), and in one transaction the outcome is stored, the parcel
 * updated, the cases opened or closed with their legal clocks, the audit trail written, the
 * operator and the rights holders whose applications matched told (outbox), and the outcome feeds
 * back into the registry: a detention or seizure teaches the disguised spellings it confirmed
 * (learnt aliases), a seizure watches the seller.
 */
import { audit, type AuditEntry } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { listIndicators, putIndicator, sortableId } from '../db/indicators.ts';
import { insertOutcome, outcomeHistory, parcelForOutcome } from '../db/outcomes.ts';
import { enqueue } from '../db/outbox.ts';
import { destructionVerdict, statusOf, type DestructionVerdict } from '../domain/case-procedure.ts';
import { parcelOutcomeMessage } from '../domain/events.ts';
import type { Parcel } from '../domain/manifest.ts';
import { learnFromOutcome } from '../registry/learnt-aliases.ts';
import { publishChange } from '../registry/publish.ts';
import { lockRegistry } from '../db/registry.ts';
import { companyKey } from '../screening/company.ts';
import { casesAfterOutcome, destructionVerdictFor, inCaseTransaction, type ProcedureSettings } from './cases.ts';
import { allowedNext, NOTIFYING, TERMINAL, type OutcomeAction } from '../domain/outcomes.ts';
import type { Tx } from '../db/transaction.ts';

export interface WorkflowSettings extends ProcedureSettings {
  rescreenWithinDays: number;
}

export type RecordResult =
  | { ok: true; outcome: { action: OutcomeAction; at: string; confirmBy: string | null; cases: { id: number; applicationId: string; status: string; deadline: { due: string; rule: string } }[] }; allowedNext: OutcomeAction[] }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_allowed'; allowed: OutcomeAction[]; current: OutcomeAction | null }
  | { ok: false; reason: 'destruction_refused'; verdict: Extract<DestructionVerdict, { allowed: false }> };

export async function recordOutcome(db: Db, parcelId: number, action: OutcomeAction, note: string | null, officer: string, settings: WorkflowSettings): Promise<RecordResult> {
  return inCaseTransaction(db, async (trx) => {
    // A detention or seizure may publish a registry version (learnt aliases, a watched seller): the registry lock comes
    // first, before the parcel's row and the audit chain's head, like in every other transaction that publishes.
    if (action === 'seized' || action === 'detained') await lockRegistry(trx, db.dialect);
    const parcel = await parcelForOutcome(trx, parcelId);
    if (!parcel) return { ok: false, reason: 'not_found' } as const;
    const history = (await outcomeHistory(trx, parcelId)).map((o) => o.action as OutcomeAction);
    const allowed = allowedNext(history);
    if (!allowed.includes(action)) return { ok: false, reason: 'not_allowed', allowed, current: history.at(-1) ?? null } as const;

    const at = settings.clock().toISOString();
    if (action === 'destroyed') {
      const verdict = await destructionVerdictFor(trx, parcelId, at);
      if (!verdict.allowed) return { ok: false, reason: 'destruction_refused', verdict } as const;
    }
    await insertOutcome(trx, { parcelId, action, note, officer, at });
    const data = JSON.parse(parcel.data) as Parcel;
    const procedure = await casesAfterOutcome(
      trx,
      {
        parcel: { id: parcelId, itemId: parcel.item_id, manifestId: parcel.manifest_id, mode: parcel.mode, operatorCode: parcel.operator_code, destinationCountry: parcel.destination_country, originCountry: parcel.origin_country, applicationIds: parcel.application_ids, data },
        action,
        notifying: NOTIFYING.has(action),
        terminal: TERMINAL.has(action),
        at,
        officer,
        sequence: history.length,
      },
      settings,
    );
    const open = procedure.cases.filter((c) => !c.state.closed);
    const confirmBy = open.length ? open.reduce((a, b) => (Date.parse(b.state.deadline.passesAt) < Date.parse(a.state.deadline.passesAt) ? b : a)).state.deadline.due : null;
    await enqueue(trx, [parcelOutcomeMessage({ operatorCode: parcel.operator_code, parcelId, itemId: parcel.item_id, action, at, sequence: history.length }), ...procedure.messages]);

    // Feedback into the registry, published once, in this transaction: disguised spellings a
    // detention or seizure confirmed become learnt aliases; a seizure also watches the seller.
    const changes: string[] = [];
    if (action === 'detained' || action === 'seized') {
      const learnt = await learnFromOutcome(trx, { id: parcelId, itemId: parcel.item_id }, officer, at);
      if (learnt.length) changes.push(`learnt ${learnt.map((l) => `"${l.alias}" (${l.mark})`).join(', ')}`);
    }
    const watched = action === 'seized' ? await watchSeller(trx, data, parcel.item_id, officer) : null;
    if (watched) changes.push('watched seller added');
    if (changes.length) await publishChange(trx, { by: officer, note: `${changes.join('; ')} after ${action} of ${parcel.item_id}`, audit: watched ? [watched] : [] }, settings);
    // The audit entry last: it locks the chain head until the commit (see db/audit.ts).
    await audit(trx, { actor: officer, action: 'outcome.recorded', entity: 'parcel', entityId: String(parcelId), before: { outcome: parcel.customs_outcome }, after: { outcome: action, note, confirmBy } });
    const cases = procedure.cases.map((c) => ({ id: c.id, applicationId: c.applicationId, status: statusOf(c.state), deadline: { due: c.state.deadline.due, rule: c.state.deadline.rule } }));
    const mayDestroy = destructionVerdict(procedure.cases).allowed;
    return { ok: true, outcome: { action, at, confirmBy, cases }, allowedNext: allowedNext([...history, action]).filter((a) => a !== 'destroyed' || mayDestroy) } as const;
  });
}

/**
 * Feedback: a seizure raises the seller's risk through an automatic watched-seller entry, with its
 * provenance. Returns the audit entry of the indicator added (written with the version it makes), or null.
 */
async function watchSeller(trx: Tx, parcel: Parcel, itemId: string, officer: string): Promise<AuditEntry | null> {
  const key = companyKey(parcel.seller.name);
  const existing = await listIndicators(trx, 'watched-sellers');
  if (existing.some((w) => companyKey((w.data as { name: string }).name) === key)) return null;
  const entry = { name: parcel.seller.name, country: parcel.seller.country, risk: 'high', reason: `seizure of parcel ${itemId}`, source: 'automatic: seizure' };
  const id = sortableId();
  await putIndicator(trx, id, 'watched-sellers', entry, officer);
  return { actor: officer, action: 'indicator.added', entity: 'indicator', entityId: id, after: entry };
}
