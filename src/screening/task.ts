/**
 * What passes between the dispatcher and the screening workers. Parcels travel as the JSON text
 * they are stored as, and reasons come back as JSON text ready to store: strings are the cheapest
 * thing to move between threads.
 */
import type { Parcel, Regime } from '../domain/manifest.ts';
import type { ParcelToScreen } from '../domain/parcel-to-screen.ts';
import type { Decision } from '../db/schema.ts';
import type { CompiledRegistry } from './compile.ts';
import { loadCompiledRegistry } from './registry-cache.ts';
import { Screener } from './screen.ts';

export type TaskParcel = ParcelToScreen;

export interface ScreenTask {
  version: number;
  /** The day the registry is compiled for: applications count only while valid. */
  date: string;
  /** Sent only when a worker says it does not have this version yet. */
  bundle?: string;
  parcels: TaskParcel[];
}

export interface TaskResult {
  id: number;
  itemId: string;
  decision: Decision;
  riskScore: number;
  reasons: string;
  /** Marks and applications named by trademark reasons, comma-separated: what the review queue filters on. */
  marks: string;
  applications: string;
}

/** A parcel the engine threw on: decided `review` with an `engine_error` reason, reported to be logged and counted. */
export interface EngineError {
  id: number;
  itemId: string;
  message: string;
}

export type ScreenTaskOutput =
  | { needRegistry: true }
  /** The registry version would not compile: no parcel is at fault, none is decided. */
  | { needRegistry: false; registryError: string }
  | { needRegistry: false; results: TaskResult[]; engineErrors: EngineError[] };

/** The schema's default review threshold: the score of a parcel decided without the registry's own. */
const DEFAULT_REVIEW_AT = 35;

/**
 * The decision for a parcel the engine could not screen: `review`, so that an officer looks at
 * it, scored at the review threshold. Its one reason says why, in the shape of every other reason.
 */
export function engineErrorResult(p: Pick<TaskParcel, 'id' | 'itemId'>, message: string, reviewAt = DEFAULT_REVIEW_AT): TaskResult {
  const reason = { kind: 'engine_error', field: '', matched: '', start: 0, end: 0, weight: 0, note: `screening failed (${message.slice(0, 300)}); decided review for an officer to look at` };
  return { id: p.id, itemId: p.itemId, decision: 'review', riskScore: reviewAt, reasons: JSON.stringify([reason]), marks: '', applications: '' };
}

/** Compiled registries of one thread, by version and day; older ones are dropped. */
export class ScreenerCache {
  private readonly screeners = new Map<string, Screener>();

  get(version: number, date: string): Screener | undefined {
    return this.screeners.get(`${version}:${date}`);
  }

  load(version: number, date: string, bundle: string): Screener {
    // Read from the disk cache when another thread or an earlier run compiled this bundle already.
    return this.adopt(version, date, loadCompiledRegistry(bundle, version, date).registry);
  }

  /** A registry this thread compiled or read already (the CLI's main thread screens too). */
  adopt(version: number, date: string, registry: CompiledRegistry): Screener {
    const screener = new Screener(registry);
    // Two at most: the newest and the one batches in flight may still name during a swap.
    while (this.screeners.size >= 2) this.screeners.delete(this.screeners.keys().next().value!);
    this.screeners.set(`${version}:${date}`, screener);
    return screener;
  }
}

export function runScreenTask(cache: ScreenerCache, task: ScreenTask): ScreenTaskOutput {
  let screener = cache.get(task.version, task.date);
  if (!screener) {
    if (!task.bundle) return { needRegistry: true };
    try {
      screener = cache.load(task.version, task.date, task.bundle);
    } catch (err) {
      return { needRegistry: false, registryError: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }
  const engineErrors: EngineError[] = [];
  const results = task.parcels.map((p) => {
    // One parcel the engine throws on is decided on its own; the rest of the batch goes on.
    try {
      return screenOne(screener, p);
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      engineErrors.push({ id: p.id, itemId: p.itemId, message });
      return engineErrorResult(p, message, screener.registry.scoring.reviewAt);
    }
  });
  return { needRegistry: false, results, engineErrors };
}

function screenOne(screener: Screener, p: TaskParcel): TaskResult {
  const r = screener.screen({
    itemId: p.itemId,
    parcel: JSON.parse(p.data) as Parcel,
    regime: p.regime as Regime,
    destinationCountry: p.destinationCountry,
  });
  const trademarks = r.reasons.filter((x) => x.kind === 'trademark' && x.weight > 0);
  return {
    id: p.id,
    itemId: p.itemId,
    decision: r.decision,
    riskScore: r.riskScore,
    reasons: JSON.stringify(r.reasons),
    marks: [...new Set(trademarks.map((x) => x.mark!))].join(','),
    applications: [...new Set(trademarks.map((x) => x.applicationId!))].join(','),
  };
}
