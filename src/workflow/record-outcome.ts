/**
 * Recording a customs outcome: the state machine decides, and in one transaction the outcome is
 * stored, the parcel updated, the legal clock started, the audit trail written, the rights
 * holders whose applications matched and the operator told (outbox), and the outcome feeds back
 * into the registry: a detention or seizure teaches the disguised spellings it confirmed (learnt
 * aliases), a seizure watches the seller.
 */
import type { Kysely } from 'kysely';
import { audit } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { listIndicators, putIndicator, sortableId } from '../db/indicators.ts';
import { enqueue, type OutboxMessage } from '../db/outbox.ts';
import type { Database } from '../db/schema.ts';
import type { Parcel } from '../domain/manifest.ts';
import { learnFromOutcome } from '../registry/learnt-aliases.ts';
import { publishRegistry } from '../registry/publish.ts';
import { companyKey } from '../screening/company.ts';
import { addWorkingDays, allowedNext, instructionFor, NOTIFYING, type OutcomeAction } from './outcomes.ts';

export interface WorkflowSettings {
  /** Working days the rights holder has to confirm infringement after notification. */
  confirmWorkingDays: number;
  /** Whether holders' notifications may carry the consignee (only where the law allows it). */
  shareConsignee: boolean;
  rescreenWithinDays: number;
}

export type RecordResult =
  | { ok: true; outcome: { action: OutcomeAction; at: string; confirmBy: string | null }; allowedNext: OutcomeAction[] }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_allowed'; allowed: OutcomeAction[]; current: OutcomeAction | null };

export async function outcomeHistory(executor: Kysely<Database>, parcelId: number) {
  return executor.selectFrom('outcomes').select(['action', 'note', 'officer', 'at']).where('parcel_id', '=', parcelId).orderBy('id').execute();
}

export async function recordOutcome(db: Db, parcelId: number, action: OutcomeAction, note: string | null, officer: string, settings: WorkflowSettings): Promise<RecordResult> {
  return db.kysely.transaction().execute(async (trx) => {
    const parcel = await trx
      .selectFrom('parcels')
      .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
      .select(['parcels.id', 'parcels.item_id', 'parcels.operator_code', 'parcels.data', 'parcels.application_ids', 'parcels.customs_outcome', 'parcels.confirm_by', 'parcels.origin_country', 'manifests.destination_country'])
      .where('parcels.id', '=', parcelId)
      .executeTakeFirst();
    if (!parcel) return { ok: false, reason: 'not_found' } as const;
    const history = (await outcomeHistory(trx, parcelId)).map((o) => o.action as OutcomeAction);
    const allowed = allowedNext(history);
    if (!allowed.includes(action)) return { ok: false, reason: 'not_allowed', allowed, current: history.at(-1) ?? null } as const;

    const at = new Date().toISOString();
    const notify = NOTIFYING.has(action);
    const confirmBy = notify && !parcel.confirm_by ? addWorkingDays(at.slice(0, 10), settings.confirmWorkingDays) : parcel.confirm_by;
    await trx.insertInto('outcomes').values({ parcel_id: parcelId, action, note, officer, at }).execute();
    await trx.updateTable('parcels').set({ customs_outcome: action, confirm_by: confirmBy }).where('id', '=', parcelId).execute();
    await audit(trx, { actor: officer, action: 'outcome.recorded', entity: 'parcel', entityId: String(parcelId), before: { outcome: parcel.customs_outcome }, after: { outcome: action, note, confirmBy } });

    const data = JSON.parse(parcel.data) as Parcel;
    const messages: OutboxMessage[] = [
      {
        owner: `operator:${parcel.operator_code}`,
        event: 'parcel.outcome',
        payload: { itemId: parcel.item_id, parcelId, outcome: action, instruction: instructionFor(action), at },
        idempotencyKey: `outcome:${parcelId}:${history.length}:${action}:operator`,
      },
    ];
    if (notify && parcel.application_ids) {
      const apps = await trx.selectFrom('applications').select(['id', 'holder_ref']).where('id', 'in', parcel.application_ids.split(',')).execute();
      for (const app of apps) {
        // Only what the holder needs to act (standard 9): no seller pricing, no other holders' marks, no consignee unless lawful.
        messages.push({
          owner: `holder:${app.holder_ref}`,
          event: `case.${action}`,
          payload: {
            caseId: parcelId,
            parcelRef: parcel.item_id,
            applicationId: app.id,
            action,
            date: at,
            place: parcel.destination_country,
            origin: parcel.origin_country,
            goods: data.items.map((i) => ({ description: i.description, quantity: i.quantity, hsCode: i.hsCode })),
            confirmBy,
            ...(settings.shareConsignee ? { consignee: data.consignee } : {}),
          },
          idempotencyKey: `outcome:${parcelId}:${history.length}:${action}:${app.id}`,
        });
      }
    }
    await enqueue(trx, messages);

    // Feedback into the registry, published once, in this transaction: disguised spellings a
    // detention or seizure confirmed become learnt aliases; a seizure also watches the seller.
    const changes: string[] = [];
    if (action === 'detained' || action === 'seized') {
      const learnt = await learnFromOutcome(trx, { id: parcelId, itemId: parcel.item_id }, officer, at);
      if (learnt.length) changes.push(`learnt ${learnt.map((l) => `"${l.alias}" (${l.mark})`).join(', ')}`);
    }
    if (action === 'seized' && (await watchSeller(trx, data, parcel.item_id, officer))) changes.push('watched seller added');
    if (changes.length) await publishRegistry(trx, { by: officer, note: `${changes.join('; ')} after ${action} of ${parcel.item_id}`, rescreen: true, rescreenWithinDays: settings.rescreenWithinDays });
    return { ok: true, outcome: { action, at, confirmBy }, allowedNext: allowedNext([...history, action]) } as const;
  });
}

/** Feedback: a seizure raises the seller's risk through an automatic watched-seller entry, with its provenance. True when added. */
async function watchSeller(trx: Kysely<Database>, parcel: Parcel, itemId: string, officer: string): Promise<boolean> {
  const key = companyKey(parcel.seller.name);
  const existing = await listIndicators(trx, 'watched-sellers');
  if (existing.some((w) => companyKey((w.data as { name: string }).name) === key)) return false;
  const entry = { name: parcel.seller.name, country: parcel.seller.country, risk: 'high', reason: `seizure of parcel ${itemId}`, source: 'automatic: seizure' };
  const id = sortableId();
  await putIndicator(trx, id, 'watched-sellers', entry, officer);
  await audit(trx, { actor: officer, action: 'indicator.added', entity: 'indicator', entityId: id, after: entry });
  return true;
}
