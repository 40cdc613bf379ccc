/**
 * The real screening worker, except that a parcel whose data holds CRASH-THE-WORKER ends the
 * worker thread (process.exit in a worker thread ends only that thread), as a native crash or an
 * out-of-memory abort would. Lets tests show that one such parcel does not stop its batch.
 */
import { runScreenTask, ScreenerCache, type ScreenTask, type ScreenTaskOutput } from '../../src/screening/task.ts';

export const CRASH_MARKER = 'CRASH-THE-WORKER';

const cache = new ScreenerCache();

export default function screenBatch(task: ScreenTask): ScreenTaskOutput {
  if (task.parcels.some((p) => p.data.includes(CRASH_MARKER))) process.exit(70);
  return runScreenTask(cache, task);
}
