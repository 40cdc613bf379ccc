/**
 * Screens batches of parcels with the worker pool and the calling thread together, and hands the
 * results over in input order as soon as those before them are done.
 *
 * The CLI's main thread is a screening thread too: between reading the manifests and writing
 * results it would otherwise wait, and on two cores one worker plus the main thread screening
 * beat two workers plus a main thread that only moves data (bench/README.md). It also screens
 * the first batches while the worker is still starting (loading tsx and the compiled registry),
 * so a small run needs no worker at all.
 */
import { runScreenTask, type ScreenerCache, type TaskParcel, type TaskResult } from '../screening/task.ts';
import { RegistryError, type ScreeningPool } from '../screening/pool.ts';

export interface BatchScreening {
  batches: TaskParcel[][];
  /** Null: the calling thread screens everything. */
  pool: ScreeningPool | null;
  /** Batches in flight in the pool at once: enough to keep its workers busy. */
  poolDepth: number;
  /** The calling thread's screeners, and what a task of its own names. */
  local: ScreenerCache;
  version: number;
  date: string;
  bundle: string;
  /** Called with each batch's results in input order; may wait (a full stdout). */
  emit: (results: TaskResult[]) => Promise<void>;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function screenBatches(job: BatchScreening): Promise<void> {
  const { batches, pool } = job;
  const results: (TaskResult[] | undefined)[] = new Array(batches.length);
  let next = 0;
  let emitted = 0;
  let inPool = 0;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const settled = () => {
    wake?.();
    wake = null;
  };

  const dispatch = () => {
    while (pool && failure === null && next < batches.length && inPool < job.poolDepth) {
      const k = next++;
      inPool++;
      pool.screen(batches[k]!).then(
        (out) => {
          results[k] = out.results;
          inPool--;
          settled();
        },
        (err: unknown) => {
          failure ??= err;
          inPool--;
          settled();
        },
      );
    }
  };

  const screenHere = (k: number) => {
    const out = runScreenTask(job.local, { version: job.version, date: job.date, bundle: job.bundle, parcels: batches[k]! });
    if (out.needRegistry) throw new RegistryError('the registry could not be loaded');
    if ('registryError' in out) throw new RegistryError(`registry does not compile: ${out.registryError}`);
    results[k] = out.results;
  };

  while (emitted < batches.length) {
    if (failure !== null) throw failure;
    // This thread keeps the next batch for itself before the pool is topped up: a run of one batch
    // never waits for a worker to start.
    const mine = next < batches.length ? next++ : -1;
    dispatch();
    while (emitted < batches.length && results[emitted] !== undefined) {
      const done = results[emitted]!;
      results[emitted++] = [];
      await job.emit(done);
    }
    if (mine >= 0) {
      // Then lets the pool's answers and stdout in.
      screenHere(mine);
      await yieldToEvents();
    } else if (emitted < batches.length && inPool > 0) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  if (failure !== null) throw failure;
}
