/**
 * Webhook deliveries as their owners see them: each message's status, attempts, next try and
 * last error, a manual redelivery (audited), and how far the deliverer is behind (for /metrics).
 * Never the payload: the pull feed serves that, to its owner only.
 */
import { audit } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { deliveryStatus, findDelivery, hasWebhook, listDeliveries, makeDueNow, oldestUndeliveredByOwner, type DeliveryFilter, type DeliveryRecord, type DeliveryStatus } from '../db/outbox.ts';
import { inTransaction } from '../db/transaction.ts';

export interface DeliveryView {
  id: number;
  owner: string;
  event: string;
  idempotencyKey: string;
  status: DeliveryStatus;
  attempts: number;
  /** Not before this; null once delivered. */
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  redeliverUrl: string;
}

export function deliveryView(r: DeliveryRecord): DeliveryView {
  return {
    id: r.id,
    owner: r.owner,
    event: r.event,
    idempotencyKey: r.idempotency_key,
    status: deliveryStatus(r),
    attempts: r.attempts,
    nextAttemptAt: r.delivered_at === null ? r.next_attempt_at : null,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    redeliverUrl: `/v1/webhooks/deliveries/${r.id}/redeliver`,
  };
}

export async function ownerDeliveries(db: Db, filter: DeliveryFilter): Promise<DeliveryView[]> {
  return (await listDeliveries(db, filter)).map(deliveryView);
}

export type Redelivery = { ok: true; value: DeliveryView } | { ok: false; reason: 'not_found' | 'no_webhook' };

/**
 * Makes one of the owner's messages due now, whatever its status (a delivered one is sent again,
 * with the same Idempotency-Key), and audits who asked. The owner's pause after failures is lifted
 * by the caller on the node that runs the deliverer (`WebhookDeliverer.resume`).
 */
export async function redeliver(db: Db, id: number, owner: string, actor: string): Promise<Redelivery> {
  return inTransaction(db, async (trx) => {
    const message = await findDelivery(trx, id, owner);
    if (!message) return { ok: false, reason: 'not_found' };
    // Without a webhook nothing would be sent: the message is read by pull.
    if (!(await hasWebhook(trx, owner))) return { ok: false, reason: 'no_webhook' };
    const before = deliveryView(message);
    const after = deliveryView(await makeDueNow(trx, message, new Date().toISOString()));
    const state = (v: DeliveryView) => ({ status: v.status, attempts: v.attempts, nextAttemptAt: v.nextAttemptAt, deliveredAt: v.deliveredAt, lastError: v.lastError });
    await audit(trx, { actor, action: 'webhook.redeliver', entity: 'webhook_delivery', entityId: String(id), before: { owner, event: message.event, ...state(before) }, after: state(after) });
    return { ok: true, value: after };
  });
}

export interface DeliveryLag {
  /** Age of the oldest message not yet delivered to a webhook, 0 when there is none. */
  oldestSeconds: number;
  /** Owners whose oldest undelivered message is older than `behindAfterSeconds`. */
  ownersBehind: number;
}

/**
 * A healthy receiver gets a message within a second or two of its commit: a minute means its
 * receiver fails, hangs, or cannot keep up.
 */
export const BEHIND_AFTER_SECONDS = 60;

export async function deliveryLag(db: Db, now = Date.now(), behindAfterSeconds = BEHIND_AFTER_SECONDS): Promise<DeliveryLag> {
  let oldestSeconds = 0;
  let ownersBehind = 0;
  for (const { oldest } of await oldestUndeliveredByOwner(db)) {
    if (oldest === null) continue;
    const age = Math.max(0, (now - Date.parse(oldest)) / 1000);
    oldestSeconds = Math.max(oldestSeconds, age);
    if (age > behindAfterSeconds) ownersBehind++;
  }
  return { oldestSeconds, ownersBehind };
}
