/**
 * Piscina worker: reads request bodies off the HTTP thread. The default task reads manifests
 * (decode, parse, validate, serialise); `readJson` reads other large JSON bodies (decode, parse,
 * check, and validate a registry bundle); `registryWarnings` compiles registry bundles for their
 * warnings, rare and a second long each: not worth a pool of their own. The request bytes arrive
 * transferred, not copied.
 */
import { readManifest, type ManifestRead, type ManifestReadInput } from '../src/domain/read-manifest.ts';
import { runJsonTask, type JsonReadResult, type JsonReadTask } from '../src/ingest/json-task.ts';
// Static: a dynamic import of a .ts module finds no loader in a Piscina worker under vitest. It
// adds 40-75 ms to the worker's start (measured), once.
import { bundleWarnings } from '../src/registry/compile-warnings.ts';

export default function readManifestTask(input: ManifestReadInput): ManifestRead {
  return readManifest(input);
}

export function readJson(task: JsonReadTask): JsonReadResult {
  return runJsonTask(task);
}

export function registryWarnings(input: { bundle: string; date: string }): string[] {
  return bundleWarnings(input.bundle, input.date);
}
