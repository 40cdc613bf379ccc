/**
 * Large writes and reads in slices, with the event loop let through between them. On SQLite every
 * statement runs on the event loop (better-sqlite3 is synchronous): a 19 MB registry import as one
 * run of statements stalled it for 10 s. In slices of a few hundred rows each statement takes
 * milliseconds and other requests are answered in between; the transaction's connection stays
 * locked meanwhile, so other queries wait for it without stalling anything.
 */

/** Lets the event loop run what is waiting (I/O, timers) before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `work` on consecutive slices of `items`, yielding to the event loop after each. */
export async function inSlices<T>(items: readonly T[], size: number, work: (slice: T[]) => Promise<unknown> | unknown): Promise<void> {
  for (let at = 0; at < items.length; at += size) {
    await work(items.slice(at, at + size));
    await yieldToEventLoop();
  }
}

/** `items.map(fn)`, yielding to the event loop after each slice. */
export async function mapInSlices<T, U>(items: readonly T[], size: number, fn: (item: T) => U): Promise<U[]> {
  const out: U[] = [];
  for (let at = 0; at < items.length; at += size) {
    for (let i = at; i < Math.min(items.length, at + size); i++) out.push(fn(items[i]!));
    await yieldToEventLoop();
  }
  return out;
}
