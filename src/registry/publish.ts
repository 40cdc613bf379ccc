/**
 * Every accepted change to the registry becomes a new version, in the same transaction as the
 * change; when the change could alter outcomes, the parcels still under customs control are
 * queued to be screened again against it.
 *
 * Registry changes are serialised: each runs in a transaction that takes the registry lock first
 * (a transaction-level advisory lock on PostgreSQL; SQLite has one writer anyway). Under READ
 * COMMITTED every statement sees what was committed before it started, so a change that waited
 * for the lock builds its bundle from a fresh view that holds every earlier change, and its
 * version number is the one after theirs. Without the lock two editors at once each built a bundle
 * without the other's change and raced for the same number (measured: 58 of 100 requests lost).
 */
import type { Db } from '../db/connect.ts';
import { durableTransaction } from '../db/durable-transaction.ts';
import { insertRegistryVersion, latestRegistryIn, lockRegistry } from '../db/registry.ts';
import { queueRescreen } from '../db/rescreen-jobs.ts';
import { retryOnConflict } from '../db/retry.ts';
import { buildBundle } from './bundle.ts';
import { parseBundleInSlices, stringifyInSlices } from './bundle-slices.ts';
import { rescreenSince } from '../domain/customs-control.ts';
import type { Executor, Tx } from '../db/transaction.ts';
import { audit, type AuditEntry } from '../db/audit.ts';

export interface PublishOptions {
  by: string;
  note: string;
  /** Queue decided parcels still under control (no customs outcome) for screening again. */
  rescreen: boolean;
  /** Only parcels received within this many days are re-screened. */
  rescreenWithinDays: number;
}

export interface Published {
  version: number;
  /** Parcels under control are being marked for screening again, in the background (see src/screening/rescreen.ts). */
  rescreenQueued: boolean;
}

/** Runs a registry change in one transaction that holds the registry lock; run again after a deadlock or serialization failure. */
export function inRegistryTransaction<T>(db: Db, change: (trx: Tx) => Promise<T>): Promise<T> {
  return retryOnConflict(() =>
    durableTransaction(db, async (trx) => {
      await lockRegistry(trx, db.dialect);
      return change(trx);
    }),
  );
}

/** What a registry change records besides the change itself. */
export interface RegistryEdit {
  by: string;
  /** The version's note: what changed. */
  note: string;
  /** The change's audit entries. */
  audit: readonly AuditEntry[];
  /** Queue the parcels under control for screening again (every change but the seed). */
  rescreen?: boolean;
}

/**
 * The one way a registry change ends, after its rows are written (under the registry lock, in
 * `inRegistryTransaction`): the version it makes, with the parcels under control queued for
 * re-screening, then its audit entries — last, for the first one locks the audit chain's head
 * until the commit (db/audit.ts).
 */
export async function publishChange(trx: Tx, edit: RegistryEdit, settings: { rescreenWithinDays: number }): Promise<Published> {
  const rescreen = edit.rescreen ?? true;
  const published = await publishRegistry(trx, { by: edit.by, note: edit.note, rescreen, rescreenWithinDays: rescreen ? settings.rescreenWithinDays : 0 });
  for (const entry of edit.audit) await audit(trx, entry);
  return published;
}

/** Must run in a transaction that took the registry lock (`inRegistryTransaction`). */
export async function publishRegistry(trx: Executor, options: PublishOptions): Promise<Published> {
  return store(trx, await stringifyInSlices(await buildBundle(trx)), options);
}

/** A publication that may have found nothing to publish; `bundle` is the version's canonical JSON either way. */
export type Publication = (Published & { unchanged: false; bundle: string }) | { unchanged: true; version: number; rescreenQueued: false; bundle: string };

/**
 * Publishes what the tables now hold unless it is the latest version's bundle: canonical JSON
 * equal, the stored one read through the schema again so that a default added since is no
 * change. Then nothing is stored and nothing is re-screened. Must run under the registry lock.
 */
export async function publishIfChanged(trx: Executor, options: PublishOptions): Promise<Publication> {
  const bundle = await stringifyInSlices(await buildBundle(trx));
  const latest = await latestIfSame(trx, bundle);
  if (latest) return { unchanged: true, version: latest.version, rescreenQueued: false, bundle };
  return { ...(await store(trx, bundle, options)), unchanged: false, bundle };
}

/**
 * The latest version when its bundle is `bundle` (canonical JSON), else null. Under the registry
 * lock the tables hold exactly the latest version, so an import of that very bundle (a registry
 * exported and imported again) can be known to change nothing without writing it first.
 */
export async function latestIfSame(trx: Executor, bundle: string): Promise<{ version: number; bundle: string } | null> {
  const latest = await latestRegistryIn(trx);
  if (!latest) return null;
  if (latest.bundle === bundle) return { version: latest.version, bundle };
  return (await canonical(latest)) === bundle ? { version: latest.version, bundle } : null;
}

/**
 * The version this process stored last, whose stored JSON is canonical under the current schema
 * (written by `stringifyInSlices` from a validated bundle): reading it through the schema again
 * would give the same text, at 2-3 s of event loop for a 19 MB bundle.
 */
let lastStored: { version: number; bundle: string } | null = null;

/** A stored bundle as the current schema writes it; null when it no longer reads (then it differs). */
async function canonical(stored: { version: number; bundle: string }): Promise<string | null> {
  if (lastStored?.version === stored.version && lastStored.bundle === stored.bundle) return stored.bundle;
  try {
    return await stringifyInSlices(await parseBundleInSlices(JSON.parse(stored.bundle) as { applications?: unknown; indicators?: unknown }));
  } catch {
    return null;
  }
}

async function store(trx: Executor, bundle: string, options: PublishOptions): Promise<Published> {
  const version = await insertRegistryVersion(trx, bundle, options.by, options.note);
  // Kept for the next change's comparison; a rolled-back transaction leaves no such version, and another node's differs.
  lastStored = { version, bundle };
  if (options.rescreen) {
    // Only recorded here: marking can touch hundreds of thousands of parcels (194,031 measured for
    // one keyword, 1.8 s in one statement), so the dispatcher does it afterwards in bounded steps.
    await queueRescreen(trx, version, rescreenSince(Date.now(), options.rescreenWithinDays));
  }
  return { version, rescreenQueued: options.rescreen };
}
