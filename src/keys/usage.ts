/**
 * When each key was last used, without a write per request: the first use of a key in each
 * minute is written (fire and forget), later ones in that minute only counted here. The stored
 * time is then at most a minute behind, and a key used once is never shown as unused; a busy key
 * costs one small update a minute per node.
 */
export class KeyUsage {
  /** When each key's use was last written, in ms. */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly write: (keyId: string, at: string) => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  touch(keyId: string): void {
    const now = this.now();
    const last = this.written.get(keyId);
    if (last !== undefined && now - last < this.everyMs) return;
    // Keys are few (one per client system), but an unbounded map must not grow with time: forget
    // entries older than the interval when it gets large; they would be written again anyway.
    if (this.written.size >= 10_000) for (const [id, at] of this.written) if (now - at >= this.everyMs) this.written.delete(id);
    this.written.set(keyId, now);
    this.write(keyId, new Date(now).toISOString()).catch(this.onError);
  }
}
