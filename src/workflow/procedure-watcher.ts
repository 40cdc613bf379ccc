/**
 * The procedure's background loop: records the deadlines that passed with nobody acting
 * (deemed agreement of a silent declarant, release due when the holder did not confirm or start
 * proceedings) and sends the applications' expiry notices. Safe on several nodes at once: every
 * step is a conditional update, and messages carry one idempotency key per fact.
 */
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { sendExpiryNotices } from '../registry/expiry-notices.ts';
import { recordPassedDeadlines, type ProcedureSettings } from './cases.ts';

export class ProcedureWatcher {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly settings: ProcedureSettings,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    const tick = () => {
      this.running ??= this.runOnce()
        .then((done) => {
          if (done.deadlines || done.expiryNotices) this.logger.info(done, 'procedure deadlines and notices recorded');
        })
        .catch((err: unknown) => this.logger.error({ err }, 'procedure watcher failed'))
        .finally(() => (this.running = null));
    };
    // The first pass a few seconds after start-up (catching up on deadlines that passed while the
    // service was down), not during it, when the worker pools are starting.
    this.first = setTimeout(tick, Math.min(this.intervalMs, 5_000));
    this.first.unref();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass at the clock's current time. */
  async runOnce(): Promise<{ deadlines: number; expiryNotices: number }> {
    const deadlines = await recordPassedDeadlines(this.db, this.settings);
    const expiryNotices = await sendExpiryNotices(this.db, this.settings.clock());
    return { deadlines, expiryNotices };
  }
}
