/**
 * What passes between the dispatcher and the screening workers. Parcels travel as the JSON text
 * they are stored as, and reasons come back as JSON text ready to store: strings are the cheapest
 * thing to move between threads.
 */
import type { Parcel, Regime } from '../domain/manifest.ts';
import { compileRegistry } from './compile.ts';
import type { Decision } from '../db/schema.ts';
import { RegistryBundleSchema } from './registry-schema.ts';
import { Screener } from './screen.ts';

export interface TaskParcel {
  id: number;
  itemId: string;
  revision: number;
  data: string;
  regime: string;
  destinationCountry: string;
}

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

export type ScreenTaskOutput = { needRegistry: true } | { needRegistry: false; results: TaskResult[] };

/** Compiled registries of one thread, by version and day; older ones are dropped. */
export class ScreenerCache {
  private readonly screeners = new Map<string, Screener>();

  get(version: number, date: string): Screener | undefined {
    return this.screeners.get(`${version}:${date}`);
  }

  load(version: number, date: string, bundle: string): Screener {
    const screener = new Screener(compileRegistry(RegistryBundleSchema.parse(JSON.parse(bundle)), version, date));
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
    screener = cache.load(task.version, task.date, task.bundle);
  }
  const results = task.parcels.map((p) => {
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
  });
  return { needRegistry: false, results };
}
