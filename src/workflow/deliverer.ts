/**
 * Delivers outbox messages to the owners' webhooks, signed, at least once: a message stays due
 * until a receiver answers 2xx, retried with exponential backoff. Receivers deduplicate with the
 * Idempotency-Key header.
 */
import type { Db } from '../db/connect.ts';
import { dueMessages, markDelivered, markFailed } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import { sign } from './signature.ts';

export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly options: { intervalMs: number; timeoutMs: number; batch: number } = { intervalMs: 500, timeoutMs: 5000, batch: 50 },
  ) {}

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
    for (const m of await dueMessages(this.db, this.options.batch)) {
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
          delivered++;
        } else {
          await markFailed(this.db, m.id, m.attempts, `HTTP ${res.status}`);
        }
      } catch (err) {
        await markFailed(this.db, m.id, m.attempts, (err as Error).message);
      }
    }
    return delivered;
  }
}
