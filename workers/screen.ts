/**
 * Piscina worker: screens batches of parcels. The compiled registry is built once per registry
 * version (and day) per thread, never per task.
 */
import { runScreenTask, ScreenerCache, type ScreenTask, type ScreenTaskOutput } from '../src/screening/task.ts';

const cache = new ScreenerCache();

export default function screenBatch(task: ScreenTask): ScreenTaskOutput {
  return runScreenTask(cache, task);
}
