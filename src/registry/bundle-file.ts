/**
 * Reading and storing registry bundles: validation with field-level errors, canonical JSON (all
 * defaults filled in) so that every version stored is complete and comparable.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../db/connect.ts';
import { latestRegistry, latestRegistryVersion } from '../db/registry.ts';
import { importBundle } from './bundle.ts';
import { inRegistryTransaction, publishChange } from './publish.ts';
import { fieldErrors, type FieldError } from '../domain/manifest.ts';
import { RegistryBundleSchema, type RegistryBundle } from '../domain/registry.ts';

export type BundleParse = { ok: true; bundle: RegistryBundle; canonical: string } | { ok: false; errors: FieldError[] };

export function parseBundle(value: unknown): BundleParse {
  const result = RegistryBundleSchema.safeParse(value);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  return { ok: true, bundle: result.data, canonical: JSON.stringify(result.data) };
}

export function readBundleFile(path: string): RegistryBundle {
  const parsed = parseBundle(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.ok) {
    throw new Error(`registry bundle ${path} is not valid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  }
  return parsed.bundle;
}

/** Seeds an empty registry from a bundle file; does nothing when a version exists. Returns the version seeded. */
export async function seedRegistry(db: Db, path: string): Promise<number | null> {
  if (await latestRegistry(db)) return null;
  const bundle = readBundleFile(path);
  return inRegistryTransaction(db, async (trx) => {
    // Two nodes starting on an empty database: the second finds the first one's version and seeds nothing.
    if (await latestRegistryVersion(trx)) return null;
    await importBundle(trx, bundle, 'seed');
    // Nothing was screened yet, and the seed is configuration, not an officer's act: no re-screening, no audit entry.
    return (await publishChange(trx, { by: 'seed', note: `seeded from ${path}`, audit: [], rescreen: false }, { rescreenWithinDays: 0 })).version;
  });
}
