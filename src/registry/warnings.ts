/**
 * The compile warnings of registry versions, for the import's answer and for any stored version:
 * compiled off the HTTP thread (`compile`, the ingest pool's `registryWarnings`), once per version
 * and day however many ask at once, the last few kept (versions never change; the day decides
 * which applications are in force).
 */
import { today } from '../domain/dates.ts';

export type VersionWarnings =
  | { version: number; compiledFor: string; warnings: string[] }
  /** The version does not compile: screening with it decides nothing until a version that does is published. */
  | { version: number; compiledFor: string; warnings: null; compileError: string };

export type CompileWarnings = (bundle: string, date: string) => Promise<string[]>;

/** A few versions: the latest, the one before, and one or two an admin is looking into. */
const KEPT = 4;

export class RegistryWarnings {
  private readonly compiled = new Map<string, Promise<string[]>>();

  constructor(
    private readonly compile: CompileWarnings,
    private readonly day: () => string = today,
  ) {}

  /** `bundle` is read only when this version has not been compiled today. */
  async of(version: number, bundle: () => Promise<string> | string): Promise<VersionWarnings> {
    const date = this.day();
    const key = `${version}:${date}`;
    let warnings = this.compiled.get(key);
    if (!warnings) {
      warnings = Promise.resolve(bundle()).then((text) => this.compile(text, date));
      this.compiled.set(key, warnings);
      // A failure is not kept: the pool may have been busy closing, and asking again compiles again.
      warnings.catch(() => this.compiled.delete(key));
      while (this.compiled.size > KEPT) this.compiled.delete(this.compiled.keys().next().value!);
    }
    try {
      return { version, compiledFor: date, warnings: await warnings };
    } catch (err) {
      return { version, compiledFor: date, warnings: null, compileError: err instanceof Error ? err.message : String(err) };
    }
  }
}
