/**
 * What every worker-thread pool of the service shares: workers are TypeScript files under
 * `workers/`, run through tsx like the main thread. (src/db/connect.ts sets up its one
 * background thread the same way, with its own literal: the db layer imports only the domain.)
 */
import { fileURLToPath } from 'node:url';

/** Node options of a worker thread: TypeScript through tsx. */
export const TS_WORKER_ARGS = ['--import', 'tsx'];

/** The path of `workers/<name>`. */
export function workerFile(name: 'ingest.ts' | 'screen.ts'): string {
  return fileURLToPath(new URL(`../workers/${name}`, import.meta.url));
}
