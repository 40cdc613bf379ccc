// src/registry/: applications, indicators and bundles; every change published as a version with its audit entries (publish.ts); a service.
/**
 * The application life cycle and indicator changes, each in one transaction with the registry
 * version it produces: submitted -> accepted or rejected by customs -> active until validUntil ->
 * expired; renewals extend validity. Pure orchestration over the db modules; HTTP lives elsewhere.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import { acceptApplication, addHistory, extendApplication, findApplication, insertApplication, rejectApplication, resubmitApplication, toRecord, type ApplicationRecord } from '../db/applications.ts';
import { deleteIndicator, indicatorData, indicatorExists, putIndicator, sortableId } from '../db/indicators.ts';
import { audit } from '../db/audit.ts';
import { enqueue } from '../db/outbox.ts';
import { applicationDecidedMessage } from '../domain/events.ts';
import { addDays, today } from '../domain/dates.ts';
import type { StoredApplicationForm } from '../domain/registry-forms.ts';
import { inRegistryTransaction, latestIfSame, publishChange, publishIfChanged, type Publication, type Published } from './publish.ts';
import { registryBundle, registryVersionExists } from '../db/registry.ts';
import { tentatively } from '../db/savepoint.ts';
import type { RegistryWarnings, VersionWarnings } from './warnings.ts';
import { importBundle, indicatorRows } from './bundle.ts';
import { bundleFromJson, joinBundleJson, type BundleJson } from './bundle-slices.ts';
import type { RegistryBundle } from '../domain/registry.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';

export interface RegistrySettings {
  /** Validity granted at acceptance and by a renewal, at least. */
  minValidityDays: number;
  rescreenWithinDays: number;
}

const later = (a: string, b: string | undefined) => (b && b > a ? b : a);

export function newApplicationId(): string {
  return `AFA-${new Date().getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export async function submitApplication(db: Db, holderRef: string, form: StoredApplicationForm, by: string): Promise<ApplicationRecord> {
  const id = newApplicationId();
  const now = new Date().toISOString();
  return inTransaction(db, async (trx) => {
    await insertApplication(trx, { id, holderRef, form, by, now });
    await addHistory(trx, id, by, 'submitted', { trademarks: form.trademarks.map((t) => t.mark) });
    await audit(trx, { actor: by, action: 'application.submitted', entity: 'application', entityId: id, after: form });
    return toRecord((await findApplication(trx, id, null))!, today());
  });
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'conflict'; message: string };

export async function amendApplication(db: Db, id: string, holderScope: string | null, form: StoredApplicationForm, by: string): Promise<Outcome<ApplicationRecord>> {
  return inTransaction(db, async (trx) => {
    const row = await findApplication(trx, id, holderScope);
    if (!row) return { ok: false, reason: 'not_found', message: 'no such application' };
    if (row.status === 'accepted') return { ok: false, reason: 'conflict', message: 'an accepted application is changed by renewal or by a new application' };
    await resubmitApplication(trx, id, form, new Date().toISOString());
    await addHistory(trx, id, by, 'amended', { previousStatus: row.status });
    await audit(trx, { actor: by, action: 'application.amended', entity: 'application', entityId: id, before: JSON.parse(row.data) as unknown, after: form });
    return { ok: true, value: toRecord((await findApplication(trx, id, null))!, today()) };
  });
}

export async function decideApplication(
  db: Db,
  id: string,
  decision: { decision: 'accept'; validUntil?: string; note?: string } | { decision: 'reject'; reason: string },
  by: string,
  settings: RegistrySettings,
): Promise<Outcome<{ application: ApplicationRecord; published: Published | null }>> {
  return inRegistryTransaction(db, async (trx) => {
    const row = await findApplication(trx, id, null);
    if (!row) return { ok: false, reason: 'not_found', message: 'no such application' };
    if (row.status !== 'submitted') return { ok: false, reason: 'conflict', message: `the application is ${row.status}, not submitted` };
    const now = new Date().toISOString();
    let published: Published | null = null;
    if (decision.decision === 'reject') {
      await rejectApplication(trx, id, by, decision.reason, now);
      await addHistory(trx, id, by, 'rejected', { reason: decision.reason });
      await audit(trx, { actor: by, action: 'application.rejected', entity: 'application', entityId: id, before: { status: row.status }, after: { status: 'rejected', reason: decision.reason } });
      await enqueue(trx, [applicationDecidedMessage({ id, holderRef: row.holder_ref, at: now, status: 'rejected', reason: decision.reason })]);
    } else {
      const from = today();
      const form = JSON.parse(row.data) as StoredApplicationForm;
      // At least the minimum validity from acceptance; longer when the holder or customs asked for it.
      const until = later(later(addDays(from, settings.minValidityDays), form.requestedValidUntil), decision.validUntil);
      await acceptApplication(trx, id, { validFrom: from, validUntil: until, by, note: decision.note ?? null, now });
      await addHistory(trx, id, by, 'accepted', { validFrom: from, validUntil: until, note: decision.note ?? null });
      await enqueue(trx, [applicationDecidedMessage({ id, holderRef: row.holder_ref, at: now, status: 'accepted', validFrom: from, validUntil: until, note: decision.note ?? null })]);
      published = await publishChange(
        trx,
        { by, note: `application ${id} accepted`, audit: [{ actor: by, action: 'application.accepted', entity: 'application', entityId: id, before: { status: row.status }, after: { status: 'accepted', validFrom: from, validUntil: until } }] },
        settings,
      );
    }
    return { ok: true, value: { application: toRecord((await findApplication(trx, id, null))!, today()), published } };
  });
}

export async function renewApplication(
  db: Db,
  id: string,
  holderScope: string | null,
  renewal: { continuingRight: string[]; infringement: string[]; validUntil?: string },
  by: string,
  settings: RegistrySettings,
): Promise<Outcome<{ application: ApplicationRecord; published: Published }>> {
  return inRegistryTransaction(db, async (trx) => {
    const row = await findApplication(trx, id, holderScope);
    if (!row) return { ok: false, reason: 'not_found', message: 'no such application' };
    if (row.status !== 'accepted') return { ok: false, reason: 'conflict', message: `only an accepted application can be renewed; this one is ${row.status}` };
    // A renewal extends from the current end of validity, or from today if it has already expired.
    const base = later(today(), row.valid_until ?? undefined);
    const until = later(addDays(base, settings.minValidityDays), renewal.validUntil);
    const now = new Date().toISOString();
    await extendApplication(trx, id, until, now);
    await addHistory(trx, id, by, 'renewed', { previousValidUntil: row.valid_until, validUntil: until, continuingRight: renewal.continuingRight, infringement: renewal.infringement });
    const published = await publishChange(
      trx,
      { by, note: `application ${id} renewed until ${until}`, audit: [{ actor: by, action: 'application.renewed', entity: 'application', entityId: id, before: { validUntil: row.valid_until }, after: { validUntil: until } }] },
      settings,
    );
    return { ok: true, value: { application: toRecord((await findApplication(trx, id, null))!, today()), published } };
  });
}

/** Adds, replaces or removes an indicator and publishes the registry it makes. */
export async function changeIndicator(
  db: Db,
  change: { op: 'put'; kind: string; id?: string; data: unknown } | { op: 'delete'; kind: string; id: string },
  by: string,
  settings: RegistrySettings,
): Promise<Outcome<{ id: string; published: Published; created: boolean }>> {
  return inRegistryTransaction(db, async (trx) => {
    const id = change.id ?? sortableId();
    let created = false;
    const before = await indicatorData(trx, id);
    if (change.op === 'delete') {
      if (!(await deleteIndicator(trx, id, change.kind))) return { ok: false, reason: 'not_found', message: 'no such indicator' };
    } else {
      if (change.id && !(await indicatorExists(trx, id, change.kind)) && change.kind !== 'singleton') {
        return { ok: false, reason: 'not_found', message: 'no such indicator' };
      }
      created = (await putIndicator(trx, id, change.kind, change.data, by)) === 'created';
    }
    const what = change.op === 'delete' ? 'removed' : created ? 'added' : 'changed';
    const published = await publishChange(
      trx,
      { by, note: `indicator ${change.kind} ${id} ${what}`, audit: [{ actor: by, action: `indicator.${what}`, entity: 'indicator', entityId: id, before: before ? (JSON.parse(before) as unknown) : null, after: change.op === 'put' ? change.data : null }] },
      settings,
    );
    return { ok: true, value: { id, published, created } };
  });
}

export interface ImportResult {
  applications: number;
  indicators: number;
  /** The version made, or the latest one when the import changed nothing. */
  version: number;
  /** The registry the import makes is the latest version's: no version made, nothing re-screened. */
  unchanged: boolean;
  rescreenQueued: boolean;
  /** What compiling `version` warns about (marks that are ordinary words, too short, …). */
  warnings: VersionWarnings;
}

/**
 * Imports a bundle (applications upserted, indicators replaced) and publishes the registry it
 * makes — unless that is the latest version's bundle: then nothing stays written (the indicators
 * keep their ids, the applications their history), no version is made and nothing is
 * re-screened; the attempt is still audited, as `registry.import_unchanged`, for an import is an
 * officer's act whether or not it changes anything. Then the version's compile warnings, compiled
 * off the HTTP thread after the commit (the registry lock is not held for that second).
 */
export async function importRegistry(db: Db, validated: BundleJson, by: string, settings: RegistrySettings, warnings: RegistryWarnings): Promise<ImportResult> {
  const bundle = await bundleFromJson(validated);
  const json = joinBundleJson(validated);
  const { imported, publication } = await inRegistryTransaction(db, async (trx) => {
    const attempt = (await latestAgain(trx, bundle, json)) ?? (await importUnlessUnchanged(trx, bundle, by, settings));
    const action = attempt.publication.unchanged ? 'registry.import_unchanged' : 'registry.imported';
    await audit(trx, { actor: by, action, entity: 'registry_version', entityId: String(attempt.publication.version), after: attempt.imported });
    return attempt;
  });
  return {
    ...imported,
    version: publication.version,
    unchanged: publication.unchanged,
    rescreenQueued: publication.rescreenQueued,
    warnings: await warnings.of(publication.version, () => publication.bundle),
  };
}

interface ImportAttempt {
  imported: { applications: number; indicators: number };
  publication: Publication;
}

/**
 * The latest version's own bundle (a registry exported and imported again) is known to change
 * nothing without a write: 143 ms instead of 615 ms of upserts undone again for 5,000 marks
 * (bench:registry-import, medians of 5), all of it event-loop time on SQLite.
 */
async function latestAgain(trx: Tx, bundle: RegistryBundle, json: string): Promise<ImportAttempt | null> {
  const same = await latestIfSame(trx, json);
  if (!same) return null;
  return {
    imported: { applications: bundle.applications.length, indicators: indicatorRows(bundle, '', '').length },
    publication: { unchanged: true, version: same.version, rescreenQueued: false, bundle: same.bundle },
  };
}

/** Any other bundle is imported, and what it wrote undone (to a savepoint) when the registry it makes is the latest one. */
function importUnlessUnchanged(trx: Tx, bundle: RegistryBundle, by: string, settings: RegistrySettings): Promise<ImportAttempt> {
  return tentatively(
    trx,
    async () => ({
      imported: await importBundle(trx, bundle, by),
      publication: await publishIfChanged(trx, { by, note: 'bundle imported', rescreen: true, rescreenWithinDays: settings.rescreenWithinDays }),
    }),
    (done) => !done.publication.unchanged,
  );
}

/** The compile warnings of a stored version, or null when there is no such version. */
export async function versionWarnings(db: Db, version: number, warnings: RegistryWarnings): Promise<VersionWarnings | null> {
  // Asked first: a version that does not exist must not take a place among the compiled ones.
  if (!(await registryVersionExists(db.kysely, version))) return null;
  return warnings.of(version, async () => (await registryBundle(db.kysely, version))!);
}
