// src/screening/: the screening engine (pure), its worker pool and this dispatcher, which owns the screening transactions; a service.
/**
 * Moves parcels from `pending` to a decision: claims batches from the database, screens them in
 * the worker pool, writes each batch's decisions in one transaction. Several batches are in
 * flight at once so the pool never waits for the database. Stale claims (a dispatcher that died
 * mid-batch, here or on another node) go back to the queue after the lease.
 */
import type { Db } from '../db/connect.ts';
import type { Decision } from '../domain/decision.ts';
import { decisionChangedMessage, firstDecisionsMessage } from '../domain/events.ts';
import { latestRegistry, latestRegistryVersion } from '../db/registry.ts';
import { claimPending, claimRescreen, forgiveClaimAttempt, releaseStaleClaims, requeueIfSuperseded, type Claim, type ClaimedParcel, type DecisionWrite } from '../db/screening.ts';
import { recordDecisions } from './record-decisions.ts';
import type { Logger } from '../logger.ts';
import type { OutboxMessage } from '../db/outbox.ts';
import { retryOnConflict } from '../db/retry.ts';
import { RegistryError, type BatchOutcome, type ScreeningPool } from './pool.ts';
import { engineErrorResult, type EngineError } from './task.ts';
import { markForRescreenStep } from './rescreen.ts';

export interface DispatcherOptions {
  batchSize: number;
  /** Batches screened at once; more than the pool's threads keeps them busy during database writes. */
  maxInFlight: number;
  /** A claim older than this is taken to be abandoned. */
  leaseMs: number;
  /** Pause when there is nothing to screen. */
  idleMs: number;
  /** How often to look for a newer registry version. */
  registryPollMs: number;
  /**
   * Claims a parcel may take without a decision (lost leases: the process died screening it) before
   * it is decided review with an engine_error reason instead of being screened again. Default 5.
   */
  maxClaims?: number;
}

/** Attempts a parcel gets on its own in the pool after its batch failed as a whole. */
const SINGLE_PARCEL_ATTEMPTS = 2;

export interface DispatcherStats {
  decided: number;
  batches: number;
  lostClaims: number;
}

/**
 * First decisions go to each operator as one message per batch and decision (the item ids to hold,
 * to keep for review, or free to deliver) rather than one message per parcel: a batch of 500
 * makes at most three outbox rows per operator.
 */
function firstDecisionsTogether(rows: readonly DecisionWrite[], claimed: Map<number, ClaimedParcel>, version: number): OutboxMessage[] {
  const groups = new Map<string, ClaimedParcel[]>();
  for (const row of rows) {
    const p = claimed.get(row.parcelId)!;
    if (p.previousDecision !== null) continue;
    const key = `${p.operatorCode}\u0000${row.decision}`;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  return [...groups].map(([key, parcels]) => {
    const [operator, decision] = key.split('\u0000') as [string, Decision];
    return firstDecisionsMessage(operator, decision, parcels, version, new Date().toISOString());
  });
}

export class ScreeningDispatcher {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private lastRegistryCheck = 0;
  private lastLeaseCheck = 0;
  private lastRescreenCheck = 0;
  /** A re-screening job had work left at the last step: take the next step without waiting. */
  private rescreenWork = true;
  private wake: (() => void) | null = null;
  readonly stats: DispatcherStats = { decided: 0, batches: 0, lostClaims: 0 };

  constructor(
    private readonly db: Db,
    private readonly pool: ScreeningPool,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
    private readonly onDecided: (count: number) => void = () => {},
    /** Parcels decided review because the engine failed on them (a Prometheus counter in the service). */
    private readonly onEngineErrors: (count: number) => void = () => {},
  ) {}

  /** Loads the newest registry version into the pool if it changed. Returns false when there is none. */
  async refreshRegistry(): Promise<boolean> {
    this.lastRegistryCheck = Date.now();
    // The version number first: the bundle (megabytes with thousands of marks) only when it changed.
    const version = await latestRegistryVersion(this.db.kysely);
    if (version === null) return false;
    if (version === this.pool.version) return true;
    const latest = (await latestRegistry(this.db))!;
    this.pool.setRegistry({ version: latest.version, bundle: latest.bundle });
    this.logger.info({ registryVersion: latest.version }, 'screening with registry version');
    return true;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New parcels arrived: no need to wait out the idle pause. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const now = Date.now();
        if (now - this.lastRegistryCheck > this.options.registryPollMs || this.pool.version === null) {
          if (!(await this.refreshRegistry())) {
            await this.sleep(this.options.registryPollMs);
            continue;
          }
        }
        if (now - this.lastLeaseCheck > this.options.leaseMs / 4) {
          this.lastLeaseCheck = now;
          const released = await releaseStaleClaims(this.db, new Date(now - this.options.leaseMs));
          if (released > 0) this.logger.warn({ released }, 'stale screening claims returned to the queue');
        }
        // Parcels a registry change put under re-screening are marked here, one bounded step per
        // turn (rescreen.ts), rather than in the editor's request.
        if (this.rescreenWork || now - this.lastRescreenCheck > this.options.registryPollMs) {
          this.lastRescreenCheck = now;
          this.rescreenWork = await markForRescreenStep(this.db);
        }
        if (this.inFlight.size >= this.options.maxInFlight) {
          await Promise.race(this.inFlight);
          continue;
        }
        const claim = await this.claim();
        if (claim.parcels.length === 0) {
          if (this.inFlight.size > 0) await Promise.race(this.inFlight);
          else await this.sleep(this.options.idleMs);
          continue;
        }
        const job = this.screenBatch(claim.token, claim.parcels).finally(() => this.inFlight.delete(job));
        this.inFlight.add(job);
      } catch (err) {
        this.logger.error({ err }, 'screening dispatcher error; retrying');
        await this.sleep(1000);
      }
    }
  }

  /**
   * New parcels first. Parcels are queued for re-screening in the transaction that publishes a new
   * registry version: the newest version is loaded before claiming them, or they would be
   * re-screened with the old one.
   */
  private async claim(): Promise<Claim> {
    const claim = await claimPending(this.db, this.options.batchSize);
    if (claim.parcels.length > 0) return claim;
    await this.refreshRegistry();
    return claimRescreen(this.db, this.options.batchSize);
  }

  private async screenBatch(token: string, parcels: ClaimedParcel[]): Promise<void> {
    try {
      for (const outcome of await this.screenClaim(parcels)) await this.writeOutcome(token, parcels, outcome);
    } catch (err) {
      // The claim stays; the lease hands the parcels to the next claim.
      this.logger.error({ err, parcels: parcels.length }, 'screening batch failed; parcels return to the queue after the lease');
      if (err instanceof RegistryError) await forgiveClaimAttempt(this.db, token).catch(() => undefined);
    }
  }

  /**
   * Screens a claim. Parcels claimed before without a decision (a lost lease: the process may have
   * died on one of them) are screened one per task, so one that kills its worker takes no other
   * down with it; those claimed `maxClaims` times are decided review without screening.
   */
  private async screenClaim(parcels: ClaimedParcel[]): Promise<BatchOutcome[]> {
    const maxClaims = this.options.maxClaims ?? 5;
    const fresh = parcels.filter((p) => p.attempts <= 1);
    const again = parcels.filter((p) => p.attempts > 1 && p.attempts <= maxClaims);
    const givenUp = parcels.filter((p) => p.attempts > maxClaims);
    const outcomes = await Promise.all([...(fresh.length ? [this.screenSplitting(fresh)] : []), ...again.map((p) => this.screenSplitting([p]))]);
    if (givenUp.length) outcomes.push([this.decideEngineErrors(givenUp.map((p) => ({ id: p.id, itemId: p.itemId, message: `claimed ${p.attempts} times without a decision` })))]);
    return outcomes.flat();
  }

  /**
   * Screens parcels in one pool task. A task that fails as a whole (its worker crashed) is split
   * in two halves, each tried again; a parcel that still fails alone after SINGLE_PARCEL_ATTEMPTS is
   * decided review with an engine_error reason. At most 2n - 1 tasks plus one retry per failing
   * parcel: a batch is never retried forever.
   */
  private async screenSplitting(parcels: ClaimedParcel[], attempt = 1): Promise<BatchOutcome[]> {
    try {
      return [await this.pool.screen(parcels)];
    } catch (err) {
      // A registry that is missing or does not compile is no parcel's fault: splitting would only
      // decide every parcel review. The claim waits for the lease (and the batch is logged).
      if (err instanceof RegistryError || this.pool.version === null) throw err;
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (parcels.length === 1) {
        if (attempt < SINGLE_PARCEL_ATTEMPTS) return this.screenSplitting(parcels, attempt + 1);
        return [this.decideEngineErrors([{ id: parcels[0]!.id, itemId: parcels[0]!.itemId, message }])];
      }
      this.logger.warn({ err, parcels: parcels.length }, 'screening task failed; splitting the batch');
      const half = Math.ceil(parcels.length / 2);
      const halves = await Promise.all([this.screenSplitting(parcels.slice(0, half)), this.screenSplitting(parcels.slice(half))]);
      return halves.flat();
    }
  }

  /** Review decisions, with the current registry version, for parcels the engine could not screen. */
  private decideEngineErrors(errors: EngineError[]): BatchOutcome {
    return { version: this.pool.version!, results: errors.map((e) => engineErrorResult(e, e.message)), engineErrors: errors };
  }

  private async writeOutcome(token: string, parcels: ClaimedParcel[], outcome: BatchOutcome): Promise<void> {
    const { version, results, engineErrors } = outcome;
    for (const e of engineErrors) this.logger.error({ parcelId: e.id, itemId: e.itemId, error: e.message }, 'screening engine error; parcel decided review');
    if (engineErrors.length) this.onEngineErrors(engineErrors.length);
    const claimed = new Map(parcels.map((p) => [p.id, p]));
    const written = await recordDecisions(
      this.db,
      token,
      version,
      results.map((r) => {
        const p = claimed.get(r.id)!;
        // A re-screen that comes to the same decision and score adds nothing to the history.
        const unchanged = p.previousDecision === r.decision && p.previousScore === r.riskScore;
        // Operators hear of every change of a parcel's decision: first decisions together per
        // batch (below), a decision a re-screen changes on its own.
        const tell = p.previousDecision !== null && p.previousDecision !== r.decision;
        return {
          parcelId: r.id,
          revision: p.revision,
          decision: r.decision,
          riskScore: r.riskScore,
          reasons: r.reasons,
          record: !unchanged,
          marks: r.marks,
          applications: r.applications,
          ...(tell ? { feed: decisionChangedMessage({ ...p, parcelId: p.id }, r.decision, version, new Date().toISOString()) } : {}),
        };
      }),
      (rows) => firstDecisionsTogether(rows, claimed, version),
    );
    await retryOnConflict(() => requeueIfSuperseded(this.db, results.map((r) => r.id), version));
    this.stats.decided += written;
    this.stats.batches++;
    this.stats.lostClaims += results.length - written;
    this.onDecided(written);
  }
}
