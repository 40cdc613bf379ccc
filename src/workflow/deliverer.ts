/**
 * Delivers outbox messages to the owners' webhooks, signed, at least once: a message stays due
 * until a receiver answers 2xx, retried with exponential backoff. Receivers deduplicate with the
 * Idempotency-Key header.
 *
 * Each owner is delivered to in its own lane: one owner's messages go one after the other, in
 * order, while up to `concurrency` owners are served at once, so a receiver that hangs holds up
 * only its own lane (passes were sequential before: one hanging owner made a healthy one wait
 * 5 s, four made it wait 30 s). A receiver that fails also pauses its owner's deliveries (1 s,
 * 2 s, 4 s … at most 5 minutes, reset by a success): an endpoint that is down gets one attempt
 * per pause, not a stream of them.
 *
 * Every attempt checks the target again (webhook-post.ts): a name that resolves to a private
 * address since it was registered is refused, and no redirect is followed.
 *
 * Each failed attempt is one `warn` line (owner, message id, event, attempt, next try, pause,
 * error; never the URL, which may carry a token, the secret or the payload) and each attempt is
 * reported to `onAttempt` (the Prometheus counters, see metrics.ts).
 */
import type { Db } from '../db/connect.ts';
import { dueForOwner, markDelivered, markFailed, ownersDue, type WebhookTarget } from '../db/outbox.ts';
import type { Logger } from '../logger.ts';
import { sign } from './signature.ts';
import { postWebhook } from './webhook-post.ts';
import { targetPolicy, type TargetPolicy } from './webhook-target.ts';

export interface DelivererOptions {
  intervalMs: number;
  /** Deadline of one delivery attempt, connection to answer. */
  timeoutMs: number;
  /** Messages of one owner per lane run. */
  batch: number;
  now?: () => number;
  /** Where webhooks may point; https to public addresses only when absent. */
  policy?: TargetPolicy;
  /** Owners delivered to at once. */
  concurrency?: number;
  /** Bytes of a receiver's answer read at most. */
  maxResponseBytes?: number;
  /** Told of every attempt: its event, whether it succeeded, and the how-manieth attempt of its message it was. */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

export interface DeliveryAttempt {
  event: string;
  ok: boolean;
  /** 1 for a message's first attempt. */
  attempt: number;
}

const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 5 * 60_000;

export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private starting: Promise<unknown> | null = null;
  /** The owners being delivered to, and their lanes. */
  private readonly lanes = new Map<string, Promise<number>>();
  /** Owners whose receiver failed, and until when their deliveries wait. In memory: a restart retries at once. */
  private readonly paused = new Map<string, { until: number; failures: number }>();
  private readonly now: () => number;
  private readonly policy: TargetPolicy;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly options: DelivererOptions = { intervalMs: 500, timeoutMs: 5000, batch: 50 },
  ) {
    this.now = options.now ?? Date.now;
    this.policy = options.policy ?? targetPolicy('');
  }

  /** Owners whose deliveries wait now. */
  pausedOwners(): Set<string> {
    const now = this.now();
    const owners = new Set<string>();
    for (const [owner, pause] of this.paused) if (pause.until > now) owners.add(owner);
    return owners;
  }

  /** Pauses the owner after a failure; returns for how long. */
  private pause(owner: string): number {
    const failures = (this.paused.get(owner)?.failures ?? 0) + 1;
    const ms = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.min(failures - 1, 20));
    this.paused.set(owner, { until: this.now() + ms, failures });
    return ms;
  }

  /** Lifts the owner's pause (a redelivery asked for by hand): its due messages go on the next pass. */
  resume(owner: string): void {
    this.paused.delete(owner);
  }

  start(): void {
    this.timer = setInterval(() => {
      // Lanes run on their own; the timer only starts lanes for owners that have none.
      this.starting ??= this.startLanes()
        .catch((err: unknown) => this.logger.error({ err }, 'webhook delivery failed'))
        .finally(() => (this.starting = null));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.starting;
    await Promise.all(this.lanes.values());
  }

  /** One pass: starts a lane for every owner with messages due and waits for them; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const started = await this.startLanes();
    return (await Promise.all(started)).reduce((a, b) => a + b, 0);
  }

  private async startLanes(): Promise<Promise<number>[]> {
    const busy = new Set([...this.pausedOwners(), ...this.lanes.keys()]);
    const owners = await ownersDue(this.db, (this.options.concurrency ?? 16) - this.lanes.size, busy);
    return owners.map((hook) => {
      const lane = this.deliverOwner(hook)
        .catch((err: unknown) => {
          this.logger.error({ err, owner: hook.owner }, 'webhook delivery failed');
          return 0;
        })
        .finally(() => this.lanes.delete(hook.owner));
      this.lanes.set(hook.owner, lane);
      return lane;
    });
  }

  /** One owner's due messages, in order, until one fails (which pauses the owner). */
  private async deliverOwner(hook: WebhookTarget): Promise<number> {
    let delivered = 0;
    for (const m of await dueForOwner(this.db, hook.owner, this.options.batch)) {
      const body = JSON.stringify({ id: m.id, event: m.event, idempotencyKey: m.idempotency_key, createdAt: m.created_at, data: JSON.parse(m.payload) as unknown });
      const result = await this.post(hook, m.event, m.idempotency_key, body);
      const attempt = m.attempts + 1;
      this.options.onAttempt?.({ event: m.event, ok: result.ok, attempt });
      if (result.ok) {
        await markDelivered(this.db, m.id);
        this.paused.delete(hook.owner);
        delivered++;
        continue;
      }
      const nextAttemptAt = await markFailed(this.db, m.id, m.attempts, result.error);
      const pausedForMs = this.pause(hook.owner);
      this.logger.warn(
        { owner: hook.owner, messageId: m.id, event: m.event, attempt, nextAttemptAt, ownerPausedForMs: pausedForMs, refused: result.refused, error: result.error },
        'webhook delivery attempt failed',
      );
      break;
    }
    return delivered;
  }

  private post(hook: WebhookTarget, event: string, idempotencyKey: string, body: string) {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'x-parcelscreen-event': event,
      'x-parcelscreen-timestamp': String(timestamp),
      'x-parcelscreen-signature': sign(hook.secret, timestamp, body),
      'idempotency-key': idempotencyKey,
    };
    return postWebhook(hook.url, headers, body, this.policy, { timeoutMs: this.options.timeoutMs, maxResponseBytes: this.options.maxResponseBytes ?? 65_536 });
  }
}
