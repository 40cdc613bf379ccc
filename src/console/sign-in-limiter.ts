/**
 * Failed console sign-ins per client address: after `attempts` failures within the window the
 * address waits (429 with Retry-After) until the oldest failure leaves the window. Per node and
 * in memory: with several nodes an address gets `attempts` per node, still far too few to guess a
 * 192-bit key, and enough to stop a script hammering the form.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly attempts: number,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait before trying again, or 0. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.attempts) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
  }

  /** Counts a failure; returns how many the address has in the window. */
  fail(address: string): number {
    const recent = this.recent(address);
    recent.push(this.now());
    // Bounded: addresses with no recent failure are forgotten when the map grows large.
    if (this.failures.size >= 10_000) for (const [a] of this.failures) if (this.recent(a).length === 0) this.failures.delete(a);
    this.failures.set(address, recent);
    return recent.length;
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }
}
