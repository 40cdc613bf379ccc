/**
 * The Piscina pool of screening workers, and the registry version it screens with. Switching to
 * a new version is a pointer swap: batches already sent finish with the version they named.
 */
import { Piscina } from 'piscina';
import { fileURLToPath } from 'node:url';
import { TS_WORKER_ARGS } from '../worker-threads.ts';
import { today } from '../domain/dates.ts';
import type { EngineError, ScreenTask, ScreenTaskOutput, TaskParcel, TaskResult } from './task.ts';

export const SCREEN_WORKER = fileURLToPath(new URL('../../workers/screen.ts', import.meta.url));

export interface RegistrySnapshot {
  version: number;
  bundle: string;
}

export interface BatchOutcome {
  version: number;
  results: TaskResult[];
  /** Parcels the engine threw on, decided review (they are among `results`). */
  engineErrors: EngineError[];
}

/** The registry, not a parcel, is at fault: nothing is decided, the batch waits for its lease. */
export class RegistryError extends Error {}

export class ScreeningPool {
  private readonly pool: Piscina<ScreenTask, ScreenTaskOutput>;
  private registry: RegistrySnapshot | null = null;

  /** `workerFile` is the screening worker; tests name one that can be made to crash. */
  constructor(readonly threads: number, workerFile: string = SCREEN_WORKER) {
    this.pool = new Piscina({ filename: workerFile, execArgv: TS_WORKER_ARGS, minThreads: threads, maxThreads: threads });
  }

  setRegistry(snapshot: RegistrySnapshot): void {
    this.registry = snapshot;
  }

  get version(): number | null {
    return this.registry?.version ?? null;
  }

  async screen(parcels: TaskParcel[]): Promise<BatchOutcome> {
    const registry = this.registry;
    if (!registry) throw new RegistryError('screening pool has no registry');
    // The registry's day: applications count only between their validity dates.
    const task: ScreenTask = { version: registry.version, date: today(), parcels };
    let out = await this.pool.run(task);
    // A worker that has not compiled this version asks for it once; the bundle travels only then.
    if (out.needRegistry) out = await this.pool.run({ ...task, bundle: registry.bundle });
    if (out.needRegistry) throw new RegistryError('screening worker refused the registry');
    if ('registryError' in out) throw new RegistryError(`registry version ${registry.version} does not compile: ${out.registryError}`);
    return { version: registry.version, results: out.results, engineErrors: out.engineErrors };
  }

  get utilization(): number {
    return this.pool.utilization;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
