/**
 * Knows roughly how many parcels wait for screening without counting rows on every request:
 * the count is re-read from the database at most every `refreshMs` (so several nodes on one
 * PostgreSQL see each other's backlog) and parcels accepted in between are added locally.
 */
import type { Db } from './db/connect.ts';
import { countPending } from './db/manifests.ts';

export class BacklogGauge {
  private counted = 0;
  private addedSinceCount = 0;
  private countedAt = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly refreshMs = 500,
  ) {}

  async current(): Promise<number> {
    if (Date.now() - this.countedAt > this.refreshMs) await this.refresh();
    return this.counted + this.addedSinceCount;
  }

  added(n: number): void {
    this.addedSinceCount += n;
  }

  refresh(): Promise<void> {
    // Concurrent requests share one count query.
    // Parcels added while the count runs may or may not be in it; keeping them errs on the safe side.
    const addedBefore = this.addedSinceCount;
    this.refreshing ??= countPending(this.db)
      .then((n) => {
        this.counted = n;
        this.addedSinceCount -= addedBefore;
        this.countedAt = Date.now();
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
