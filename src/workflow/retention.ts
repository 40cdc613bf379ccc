/**
 * The retention policy: nothing personal kept longer than it may be. A released parcel (screened
 * `release`, never a customs case) loses its sender's and consignee's names and addresses
 * `releasedDays` after it was received (a release comes within days: RESCREEN_WITHIN_DAYS); a customs case, `closedCaseDays` after it was closed
 * (released, destroyed or returned). What statistics and the case history need stays: countries,
 * goods, HS codes, values, decisions and their evidence, marks, outcomes. Each run walks on from
 * where the last one stopped, in transactions of a few hundred parcels, and leaves one audit entry
 * with its counts.
 */
import type { Db } from '../db/connect.ts';
import { auditAlone } from '../db/audit.ts';
import { cursorOf, moveCursor, outcomesBefore, parcelsAfter, purgeParcel, type RetentionWalk } from '../db/retention.ts';
import type { Parcel } from '../domain/manifest.ts';
import { withoutPersonalData } from '../domain/personal-data.ts';
import type { Logger } from '../logger.ts';
import { TERMINAL, type OutcomeAction } from '../domain/outcomes.ts';
import { ACTORS } from '../domain/events.ts';
import { inTransaction } from '../db/transaction.ts';

export interface RetentionPolicy {
  releasedDays: number;
  closedCaseDays: number;
}

export interface PurgeCounts {
  releasedParcels: number;
  closedCases: number;
  revisions: number;
  messages: number;
}

const PAGE = 500;
const DAY_MS = 86_400_000;

const purgeData = (data: string) => JSON.stringify(withoutPersonalData(JSON.parse(data) as Parcel));

/** Purges what is due; `actor` names who ran it in the audit entry. */
export async function purgePersonalData(db: Db, policy: RetentionPolicy, actor: string, now = Date.now()): Promise<PurgeCounts> {
  const at = new Date(now).toISOString();
  const counts: PurgeCounts = { releasedParcels: 0, closedCases: 0, revisions: 0, messages: 0 };
  const releasedBefore = new Date(now - policy.releasedDays * DAY_MS).toISOString();
  const closedBefore = new Date(now - policy.closedCaseDays * DAY_MS).toISOString();

  // Released parcels, by parcel id, up to the first one received too recently or not decided yet
  // (it may still become a case); parcels under customs control are skipped: the case walk
  // below takes them once their case is closed.
  for (let after = await cursorOf(db, 'released_parcels'); ; ) {
    const page = await parcelsAfter(db, after, PAGE);
    const stop = page.findIndex((p) => p.received_at >= releasedBefore || p.decision === null || p.status !== 'screened');
    const due = stop < 0 ? page : page.slice(0, stop);
    if (due.length === 0) break;
    after = await purgeBatch(db, 'released_parcels', due.filter((p) => p.decision === 'release' && p.customs_outcome === null).map((p) => p.id), due.at(-1)!.id, at, counts, 'releasedParcels');
    if (stop >= 0 || page.length < PAGE) break;
  }

  // Closed cases, by outcome id: a terminal outcome closes its case; nothing follows one.
  for (let after = await cursorOf(db, 'closed_cases'); ; ) {
    const page = await outcomesBefore(db, after, closedBefore, PAGE);
    if (page.length === 0) break;
    after = await purgeBatch(db, 'closed_cases', page.filter((o) => TERMINAL.has(o.action as OutcomeAction)).map((o) => o.parcel_id), page.at(-1)!.id, at, counts, 'closedCases');
    if (page.length < PAGE) break;
  }

  await auditAlone(db, { actor, action: 'retention.purged', entity: 'retention', entityId: at, after: { ...counts, releasedBefore, closedBefore, policy } });
  return counts;
}

async function purgeBatch(db: Db, walk: RetentionWalk, parcelIds: number[], lastId: number, at: string, counts: PurgeCounts, kind: 'releasedParcels' | 'closedCases'): Promise<number> {
  await inTransaction(db, async (trx) => {
    for (const id of parcelIds) {
      const purged = await purgeParcel(trx, id, purgeData, at);
      if (!purged) continue;
      counts[kind]++;
      counts.revisions += purged.revisions;
      counts.messages += purged.messages;
    }
    await moveCursor(trx, walk, lastId);
  });
  return lastId;
}

/** The purge in the background, every `intervalMs`. */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly policy: RetentionPolicy,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= purgePersonalData(this.db, this.policy, ACTORS.system('retention'))
        .then((counts) => this.logger.info({ ...counts }, 'retention purge'))
        .catch((err: unknown) => this.logger.error({ err }, 'retention purge failed'))
        .finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
