// src/ingest/: reading manifests and JSON bodies in workers, and the table of formats (formats.ts); a service.
/**
 * Where manifests, and other JSON bodies, are read: in a Piscina pool of ingest workers (the
 * default: parsing and validating a 1,000-parcel manifest costs more event-loop time than storing
 * it; a 19 MB registry bundle took seconds), or inline on the HTTP thread (`INGEST_THREADS=0`, and
 * for bodies too small to be worth a hand-off). The same workers compile registry bundles for their
 * warnings: rare, a second long each, not worth a pool of their own.
 */
import { Piscina } from 'piscina';
import { TS_WORKER_ARGS, workerFile } from '../worker-threads.ts';
import { readManifest, type ManifestRead, type ManifestReadInput } from '../domain/read-manifest.ts';
import { bundleWarnings } from '../registry/compile-warnings.ts';
import { runJsonTask, type JsonReadResult, type JsonReadTask } from './json-task.ts';

export interface ManifestReader {
  read(input: ManifestReadInput): Promise<ManifestRead>;
  /** Any other JSON body: parsed, checked, and validated when the task names a schema. */
  readJson(task: JsonReadTask): Promise<JsonReadResult>;
  /**
   * The warnings of a registry bundle (canonical JSON), compiled for `date` in an ingest worker:
   * a registry import must not hold the HTTP thread for the second a large registry takes, and
   * this pool is the one the routes have (the screening pool may be absent on an ingest-only node).
   */
  registryWarnings(bundle: string, date: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Below this size the round trip to a worker costs more than reading inline. */
const INLINE_MAX_BYTES = 16 * 1024;

export const INGEST_WORKER = workerFile('ingest.ts');

type IngestTask = ManifestReadInput | JsonReadTask | { bundle: string; date: string };
type IngestResult = ManifestRead | JsonReadResult | string[];

export function createManifestReader(threads: number): ManifestReader {
  if (threads === 0) {
    return {
      read: async (input) => readManifest(input),
      readJson: async (task) => runJsonTask(task),
      registryWarnings: async (bundle, date) => bundleWarnings(bundle, date),
      close: async () => {},
    };
  }
  // Three tasks: the default export reads a manifest, `readJson` another JSON body, `registryWarnings` compiles a bundle.
  const pool = new Piscina<IngestTask, IngestResult>({
    filename: INGEST_WORKER,
    execArgv: TS_WORKER_ARGS,
    minThreads: threads,
    maxThreads: threads,
  });
  return {
    async read(input) {
      if (input.body.length <= INLINE_MAX_BYTES) return readManifest(input);
      const transferList = typeof input.body === 'string' ? [] : [input.body.buffer as ArrayBuffer];
      return pool.run(input, { transferList }) as Promise<ManifestRead>;
    },
    async readJson(task) {
      if (task.body.length <= INLINE_MAX_BYTES) return runJsonTask(task);
      return pool.run(task, { name: 'readJson', transferList: [task.body.buffer as ArrayBuffer] }) as Promise<JsonReadResult>;
    },
    registryWarnings: (bundle, date) => pool.run({ bundle, date }, { name: 'registryWarnings' }) as Promise<string[]>,
    close: () => pool.destroy(),
  };
}
