import { readFileSync } from 'node:fs';
import type { BrandName } from './manifests.ts';

/** The marks and aliases of a registry bundle file, for generating branded parcels. */
export function brandNamesFrom(bundlePath: string): BrandName[] {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as { applications?: { trademarks: { mark: string; aliases?: string[]; hsCodes: string[] }[] }[] };
  return (bundle.applications ?? []).flatMap((a) => a.trademarks.flatMap((t) => [t.mark, ...(t.aliases ?? [])].map((name) => ({ name, hsCodes: t.hsCodes }))));
}
