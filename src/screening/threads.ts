/**
 * Screening threads when none are configured: one per core but one, because the main thread has
 * work of its own (HTTP and database writes in the service; reading manifests and writing results
 * in the CLI). On this 2-core machine one worker and the main thread beat two workers and the main
 * thread (bench/README.md, "Screening speed").
 */
import { availableParallelism } from 'node:os';

export function defaultScreeningThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}
