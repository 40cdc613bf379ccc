/**
 * Tells holders that an accepted application is about to expire (30 days before the end of its
 * validity) and that it has expired: once per end of validity, on any number of nodes (a
 * conditional update marks the notice given, in the transaction that writes the message).
 */
import type { Db } from '../db/connect.ts';
import { applicationsOwedExpiryNotice, markExpiryNotice, type ExpiryNotice } from '../db/applications.ts';
import { enqueue } from '../db/outbox.ts';
import { applicationExpiryMessage } from '../domain/events.ts';
import { inTransaction } from '../db/transaction.ts';

export const EXPIRY_NOTICE_DAYS = 30;

/** Sends the expiry notices owed on the UTC date of `now`; returns how many this call sent. */
export async function sendExpiryNotices(db: Db, now: Date, batch = 200): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  let sent = 0;
  for (const kind of ['expiring', 'expired'] as ExpiryNotice[]) {
    for (;;) {
      const owed = await applicationsOwedExpiryNotice(db, kind, today, EXPIRY_NOTICE_DAYS, batch);
      const before = sent;
      for (const app of owed) {
        const told = await inTransaction(db, async (trx) => {
          if (!(await markExpiryNotice(trx, app.id, kind, app.valid_until!))) return false;
          await enqueue(trx, [applicationExpiryMessage({ id: app.id, holderRef: app.holder_ref, validUntil: app.valid_until!, kind, today })]);
          return true;
        });
        if (told) sent++;
      }
      if (owed.length < batch || sent === before) break;
    }
  }
  return sent;
}
