/**
 * Knows roughly how many parcels wait for screening without counting rows on every request:
 * the count is re-read from the database now and then (so several nodes on one PostgreSQL see
 * each other's backlog) and parcels accepted in between are added locally.
 *
 * Counting walks every waiting parcel (~70 ms per million on SQLite, measured): exactly when the
 * backlog is large, a fixed interval would spend a growing share of the machine on counting, and
 * a request that waited for the count would wait that long. So the interval grows with the cost
 * of the last count, and requests are answered from the last count while the next one runs.
 * The estimate errs high between counts (screened parcels are only subtracted by the next
 * count), which is the safe side for backpressure.
 */

export interface BacklogGaugeOptions {
  /** Count at most this often. */
  refreshMs?: number;
  /**
   * The share of time counting may take: after a count that took `d` ms the next one waits at
   * least `d / countShare`. `null`: no such limit (tests that must see every change at once).
   */
  countShare?: number | null;
  now?: () => number;
}

export class BacklogGauge {
  private counted = 0;
  private addedSinceCount = 0;
  private hasCounted = false;
  private nextCountAt = 0;
  private refreshing: Promise<void> | null = null;
  private readonly refreshMs: number;
  private readonly countShare: number | null;
  private readonly now: () => number;

  constructor(
    private readonly count: () => Promise<number>,
    options: BacklogGaugeOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 500;
    this.countShare = options.countShare === undefined ? 0.05 : options.countShare;
    this.now = options.now ?? Date.now;
  }

  /**
   * The backlog as last counted plus what was accepted since. When a count is due it starts;
   * only the first call waits for it, unless `wait` asks to (a metrics scrape, which can afford
   * the time and should not report a value one scrape old). How often counts run stays the
   * gauge's own decision either way.
   */
  async current({ wait = false }: { wait?: boolean } = {}): Promise<number> {
    if (this.now() >= this.nextCountAt) {
      const counting = this.refresh();
      if (wait || !this.hasCounted) await counting;
      // A failed background count is retried at the next call; a first one fails that call.
      else counting.catch(() => undefined);
    }
    return this.counted + this.addedSinceCount;
  }

  added(n: number): void {
    this.addedSinceCount += n;
  }

  private refresh(): Promise<void> {
    // Concurrent requests share one count query.
    // Parcels added while the count runs may or may not be in it; keeping them errs on the safe side.
    if (this.refreshing) return this.refreshing;
    const addedBefore = this.addedSinceCount;
    const started = this.now();
    this.refreshing = this.count()
      .then((n) => {
        const finished = this.now();
        this.counted = n;
        this.addedSinceCount -= addedBefore;
        this.hasCounted = true;
        const pause = this.countShare ? (finished - started) / this.countShare : 0;
        this.nextCountAt = finished + Math.max(this.refreshMs, pause);
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
