/**
 * Piscina worker: reads request bodies off the HTTP thread. The default task reads manifests
 * (decode, parse, validate, serialise); `readJson` reads other large JSON bodies (decode, parse,
 * check, and validate a registry bundle). The request bytes arrive transferred, not copied.
 */
import { readManifest, type ManifestRead, type ManifestReadInput } from '../src/domain/read-manifest.ts';
import { runJsonTask, type JsonReadResult, type JsonReadTask } from '../src/ingest/json-task.ts';

export default function readManifestTask(input: ManifestReadInput): ManifestRead {
  return readManifest(input);
}

export function readJson(task: JsonReadTask): JsonReadResult {
  return runJsonTask(task);
}
