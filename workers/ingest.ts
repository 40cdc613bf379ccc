/**
 * Piscina worker: reads manifests (decode, parse, validate, serialise) off the HTTP thread.
 * The request bytes arrive transferred, not copied. Also compiles registry bundles for their
 * warnings (`registryWarnings`), rare and a second long each: not worth a pool of their own.
 */
import { readManifest, type ManifestRead, type ManifestReadInput } from '../src/domain/read-manifest.ts';
// Static: a dynamic import of a .ts module finds no loader in a Piscina worker under vitest. It
// adds 40-75 ms to the worker's start (measured), once.
import { bundleWarnings } from '../src/registry/compile-warnings.ts';

export default function readManifestTask(input: ManifestReadInput): ManifestRead {
  return readManifest(input);
}

export function registryWarnings(input: { bundle: string; date: string }): string[] {
  return bundleWarnings(input.bundle, input.date);
}
