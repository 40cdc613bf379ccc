/**
 * Durable commits without blocking the event loop, for the hot write (filing manifests).
 *
 * SQLite's `synchronous=FULL` in WAL mode does one thing more than `NORMAL`: it fsyncs the WAL
 * file after each commit (https://sqlite.org/pragma.html#pragma_synchronous). better-sqlite3 runs
 * that fsync on the calling thread, so every filing stalled the HTTP thread for the length of a
 * disk flush (measured: saturation 34k parcels/s with FULL, 40k with NORMAL). Filings commit with
 * NORMAL instead and then wait for this fsync of the same WAL file, run on libuv's thread pool,
 * before they are acknowledged: the same guarantee as FULL (the commit frames are on stable
 * storage before the 202), off the event loop, and one fsync covers every commit made before it
 * started (group commit).
 */
import { open, type FileHandle } from 'node:fs/promises';

export class WalSync {
  private handle: Promise<FileHandle> | null = null;
  /** The fsync running now, if any. */
  private running: Promise<void> | null = null;
  /** The fsync that will start after `running`, shared by every request made meanwhile. */
  private next: Promise<void> | null = null;
  /** fsync calls made, for tests and metrics. */
  syncs = 0;

  constructor(private readonly walPath: string) {}

  /**
   * Resolves once everything committed before the call is on stable storage. A sync already
   * running may have started before the caller's commit, so callers then wait for the next one.
   */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.flush().finally(() => (this.running = null));
      return this.running;
    }
    // Whatever became of the running sync, the waiting callers need one of their own.
    this.next ??= this.running.catch(() => undefined).then(() => {
      this.next = null;
      this.running = this.flush().finally(() => (this.running = null));
      return this.running;
    });
    return this.next;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.next?.catch(() => undefined);
    const handle = await this.handle?.catch(() => null);
    this.handle = null;
    await handle?.close();
  }

  private async flush(): Promise<void> {
    // Opened on first use: the WAL file exists once the first commit has been written to it.
    // fsync flushes the file (the inode), whichever descriptor it is called through.
    this.handle ??= open(this.walPath, 'r').catch((err: unknown) => {
      this.handle = null;
      throw err;
    });
    const handle = await this.handle;
    this.syncs++;
    await handle.sync();
  }
}
