/**
 * Piscina worker: reads manifests (decode, parse, validate, serialise) off the HTTP thread.
 * The request bytes arrive transferred, not copied.
 */
import { readManifest, type ManifestRead, type ManifestReadInput } from '../src/domain/read-manifest.ts';

export default function readManifestTask(input: ManifestReadInput): ManifestRead {
  return readManifest(input);
}
