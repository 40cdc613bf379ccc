/**
 * Recording a screened batch: its decisions, the operators' messages about the decisions actually
 * written, and one audit entry for the batch, in one transaction (the outbox beside the change it
 * reports). The decisions' SQL is in src/db/screening.ts.
 */
import { audit } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { enqueue, type OutboxMessage } from '../db/outbox.ts';
import { writeDecisionRows, type DecisionWrite } from '../db/screening.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Decision } from '../domain/decision.ts';
import { ACTORS } from '../domain/events.ts';

/**
 * Writes the decisions of a batch claimed under `token` and screened with `registryVersion`;
 * `batchMessages` makes the messages that speak of several written decisions at once. Returns how
 * many decisions were written (a lost claim or an amended parcel writes none).
 */
export async function recordDecisions(
  db: Db,
  token: string,
  registryVersion: number,
  decisions: readonly DecisionWrite[],
  batchMessages: (written: readonly DecisionWrite[]) => OutboxMessage[] = () => [],
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const written = await writeDecisionRows(db, trx, token, registryVersion, decisions);
    await enqueue(trx, [...written.flatMap((d) => (d.feed ? [d.feed] : [])), ...batchMessages(written)]);
    if (written.length === 0) return 0;
    const count = (x: Decision) => written.filter((d) => d.decision === x).length;
    await audit(trx, {
      actor: ACTORS.system('screening'),
      action: 'decisions.recorded',
      entity: 'registry_version',
      entityId: String(registryVersion),
      after: { parcels: written.length, hold: count('hold'), review: count('review'), release: count('release'), held: written.filter((d) => d.decision === 'hold').map((d) => d.parcelId) },
    });
    return written.length;
  });
}
