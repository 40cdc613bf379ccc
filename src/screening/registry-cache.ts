/**
 * Compiled registries on disk, keyed by what they were compiled from: the bundle's text, the day
 * (applications count only between their validity dates) and the engine's own source and locked
 * dependencies (a changed engine never reads an index an older one built). A second run of the
 * CLI, a restarted service or a second screening worker reads the index instead of compiling it:
 * compiling 5,000 applications takes 0.7-2 s on this machine, reading it back a fraction of that.
 *
 * The file is V8's structured serialisation of the CompiledRegistry (Maps, Sets, typed arrays and
 * shared references survive it); it is written to a temporary name and renamed, so a reader never
 * sees half a file, and a file that does not deserialise is compiled over.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { compileRegistry, type CompiledRegistry } from './compile.ts';
import { revivePostings } from './hash-postings.ts';
import { RegistryBundleSchema, type RegistryBundle } from '../domain/registry.ts';

/** Where compiled registries are kept: PARCELSCREEN_CACHE_DIR, or a folder in the system's temporary directory; `off` keeps none. */
export function registryCacheDir(): string | null {
  const dir = process.env.PARCELSCREEN_CACHE_DIR;
  if (dir === 'off') return null;
  return dir || join(tmpdir(), 'parcelscreen-registry-cache');
}

/** Files kept: the versions a service and a few CLI runs use; older ones are removed. */
const KEPT = 8;

let engineStamp: string | undefined;

/** A hash of the screening engine's source and of the locked dependencies: what a compiled index depends on besides the bundle. */
function engine(): string {
  if (engineStamp) return engineStamp;
  const hash = createHash('sha256');
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const name of readdirSync(dir).sort()) if (name.endsWith('.ts') || name.endsWith('.js')) hash.update(name).update(readFileSync(join(dir, name)));
  try {
    hash.update(readFileSync(fileURLToPath(new URL('../../package-lock.json', import.meta.url))));
  } catch {
    // installed without a lock file: the engine's own source still keys the cache
  }
  engineStamp = hash.digest('hex');
  return engineStamp;
}

export function registryCacheKey(bundleText: string, date: string): string {
  return createHash('sha256').update(engine()).update('\0').update(date).update('\0').update(bundleText).digest('hex').slice(0, 40);
}

function readCached(file: string, version: number): CompiledRegistry | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  try {
    const registry = deserialize(bytes) as CompiledRegistry;
    revivePostings(registry.near1);
    revivePostings(registry.deletes2);
    // The version is the caller's: the same bundle published twice is the same index.
    return { ...registry, version };
  } catch {
    return null;
  }
}

function writeAtomically(file: string, bytes: Buffer | string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}

function writeCached(dir: string, file: string, registry: CompiledRegistry): void {
  try {
    mkdirSync(dir, { recursive: true });
    // The warnings on their own too: the CLI's main thread needs only them (cachedWarnings).
    writeAtomically(file.replace(/\.v8$/, '.warnings.json'), JSON.stringify(registry.warnings));
    writeAtomically(file, serialize(registry));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.v8'))
      .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { f } of files.slice(KEPT)) {
      rmSync(join(dir, f), { force: true });
      rmSync(join(dir, f.replace(/\.v8$/, '.warnings.json')), { force: true });
    }
  } catch {
    // A read-only or full disk only costs the next start-up a compile.
  }
}

export interface LoadedRegistry {
  registry: CompiledRegistry;
  /** Read from the cache rather than compiled. */
  cached: boolean;
}

function cacheFile(bundleText: string, date: string): { dir: string; file: string } | null {
  const dir = registryCacheDir();
  return dir ? { dir, file: join(dir, `${registryCacheKey(bundleText, date)}.v8`) } : null;
}

/**
 * The compiled registry of `bundleText` for `date`: from the cache when an identical compile is
 * there, else compiled (the bundle validated first, unless the caller did: a bundle that does not
 * validate throws) and stored for the next reader. Any text of a bundle will do (a file as
 * written, or its canonical JSON): equal texts share an entry.
 */
export function loadCompiledRegistry(bundleText: string, version: number, date: string, validated?: RegistryBundle): LoadedRegistry {
  const at = cacheFile(bundleText, date);
  const hit = at ? readCached(at.file, version) : null;
  if (hit) return { registry: hit, cached: true };
  const registry = compileRegistry(validated ?? RegistryBundleSchema.parse(JSON.parse(bundleText)), version, date);
  if (at) writeCached(at.dir, at.file, registry);
  return { registry, cached: false };
}

/** The warnings of a compile of this very text and day that is in the cache, without reading the index; null when there is none. */
export function cachedWarnings(bundleText: string, date: string): string[] | null {
  const at = cacheFile(bundleText, date);
  if (!at) return null;
  try {
    const warnings = JSON.parse(readFileSync(at.file.replace(/\.v8$/, '.warnings.json'), 'utf8')) as unknown;
    return Array.isArray(warnings) && warnings.every((w) => typeof w === 'string') && statSync(at.file).isFile() ? warnings : null;
  } catch {
    return null;
  }
}
