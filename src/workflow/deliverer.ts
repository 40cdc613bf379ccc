/**
 * Delivers outbox messages to the owners' webhooks, signed, at least once: a message stays due
 * until a receiver answers 2xx, retried with exponential backoff. Receivers deduplicate with the
 * Idempotency-Key header.
 *
 * A receiver that fails also pauses its owner's deliveries (1 s, 2 s, 4 s … at most 5 minutes,
 * reset by a success): passes are sequential, so without it an endpoint that hangs cost a
 * timeout per due message (50 × 5 s) and held up every other owner's deliveries meanwhile, and
 * one that is down got a whole batch every half second.
 */
import type { Db } from '../db/connect.ts';
import { dueMessages, markDelivered, markFailed } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import { sign } from './signature.ts';

export interface DelivererOptions {
  intervalMs: number;
  timeoutMs: number;
  batch: number;
  now?: () => number;
}

const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 5 * 60_000;

export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** Owners whose receiver failed, and until when their deliveries wait. In memory: a restart retries at once. */
  private readonly paused = new Map<string, { until: number; failures: number }>();
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly options: DelivererOptions = { intervalMs: 500, timeoutMs: 5000, batch: 50 },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Owners whose deliveries wait now. */
  pausedOwners(): Set<string> {
    const now = this.now();
    const owners = new Set<string>();
    for (const [owner, pause] of this.paused) if (pause.until > now) owners.add(owner);
    return owners;
  }

  private pause(owner: string): void {
    const failures = (this.paused.get(owner)?.failures ?? 0) + 1;
    const ms = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.min(failures - 1, 20));
    this.paused.set(owner, { until: this.now() + ms, failures });
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.deliverDue()
        .catch((err: unknown) => this.logger.error({ err }, 'webhook delivery failed'))
        .finally(() => (this.running = null));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the due messages; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    let delivered = 0;
    const skip = this.pausedOwners();
    for (const m of await dueMessages(this.db, this.options.batch, skip)) {
      // Paused by a failure earlier in this pass.
      if (skip.has(m.owner)) continue;
      const body = JSON.stringify({ id: m.id, event: m.event, idempotencyKey: m.idempotency_key, createdAt: m.created_at, data: JSON.parse(m.payload) as unknown });
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const res = await fetch(m.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-parcelscreen-event': m.event,
            'x-parcelscreen-timestamp': String(timestamp),
            'x-parcelscreen-signature': sign(m.secret, timestamp, body),
            'idempotency-key': m.idempotency_key,
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        if (res.ok) {
          await markDelivered(this.db, m.id);
          this.paused.delete(m.owner);
          delivered++;
          continue;
        }
        await markFailed(this.db, m.id, m.attempts, `HTTP ${res.status}`);
      } catch (err) {
        await markFailed(this.db, m.id, m.attempts, (err as Error).message);
      }
      this.pause(m.owner);
      skip.add(m.owner);
    }
    return delivered;
  }
}
