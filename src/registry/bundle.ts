/**
 * The registry bundle <-> the registry tables: building the bundle that gets versioned and
 * screened with, and importing a bundle from a file or another instance.
 */
import { getSingleton, listIndicators, SINGLETONS, sortableId, type IndicatorRow } from '../db/indicators.ts';
import { addLearntAlias, listLearntAliases, type LearntAliasRecord } from '../db/learnt-aliases.ts';
import { acceptedApplications, addHistoryRows, replaceIndicators, upsertApplications, type ImportedApplication } from '../db/registry-import.ts';
import { mapInSlices } from '../db/slices.ts';
import { bundleLists, listEntries, type Application, type RegistryBundle, type Scoring } from '../domain/registry.ts';
import type { StoredApplicationForm } from '../domain/registry-forms.ts';
import type { Executor } from '../db/transaction.ts';
import { parseBundleInSlices } from './bundle-slices.ts';

/** Rows turned into objects (or back) per slice: a few milliseconds each. */
const ROWS_PER_SLICE = 500;

export function holderRefFor(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'holder';
}

/**
 * The bundle of accepted applications (expired ones too: validity is checked when screening) and
 * all indicators. Read, validated and returned in slices (see db/slices.ts): for a registry of
 * 38,000 applications this was 1.3 s of event loop in one go.
 */
export async function buildBundle(executor: Executor): Promise<RegistryBundle> {
  const apps = await acceptedApplications(executor);
  const indicators = await listIndicators(executor);
  const learnt = new Map<string, LearntAliasRecord[]>();
  for (const l of await listLearntAliases(executor, null)) learnt.set(l.applicationId, [...(learnt.get(l.applicationId) ?? []), l]);
  const bundle = {
    applications: await mapInSlices(apps, ROWS_PER_SLICE, (row) => {
      const form = JSON.parse(row.data) as StoredApplicationForm;
      return {
        id: row.id,
        holderRef: row.holder_ref,
        holder: form.holder,
        trademarks: form.trademarks,
        authorizedSellers: [...form.authorizedSellers, ...form.distributors],
        priceFloors: form.priceFloors,
        learntAliases: (learnt.get(row.id) ?? []).map((l) => ({ mark: l.mark, alias: l.alias, ...(l.parcelId !== null ? { parcelId: l.parcelId } : {}), ...(l.itemId !== null ? { itemId: l.itemId } : {}), officer: l.officer, learntAt: l.learntAt })),
        validFrom: row.valid_from!,
        validUntil: row.valid_until!,
      };
    }),
    indicators: {
      ...bundleLists((kind) => indicators.filter((i) => i.kind === kind).map((i) => i.data)),
      deMinimis: await getSingleton(executor, SINGLETONS.deMinimisDefault),
      exchangeRates: await getSingleton(executor, SINGLETONS.exchangeRates),
      scoring: (await getSingleton<Scoring>(executor, SINGLETONS.scoring)) ?? {},
    },
  };
  return parseBundleInSlices(bundle);
}

/**
 * Imports a validated bundle: applications are upserted by id as accepted with their validity;
 * indicators are replaced as a whole (a bundle is a complete set of indicators). Set-wise, in
 * slices (db/registry-import.ts): the bundle was validated once, where it was parsed.
 */
export async function importBundle(executor: Executor, bundle: RegistryBundle, by: string): Promise<{ applications: number; indicators: number }> {
  const now = new Date().toISOString();
  await upsertApplications(executor, await mapInSlices(bundle.applications, ROWS_PER_SLICE, (app) => importedRow(app, by, now)));
  // Learnt aliases travel with their provenance (parcel ids are the other instance's); rare, one by one.
  for (const app of bundle.applications) {
    for (const l of app.learntAliases) await addLearntAlias(executor, { applicationId: app.id, mark: l.mark, alias: l.alias, parcelId: null, itemId: l.itemId ?? null, officer: l.officer, learntAt: l.learntAt });
  }
  await addHistoryRows(
    executor,
    await mapInSlices(bundle.applications, ROWS_PER_SLICE, (app) => ({ application_id: app.id, at: now, by, action: 'imported', details: JSON.stringify({ validFrom: app.validFrom, validUntil: app.validUntil }) })),
  );
  const rows = indicatorRows(bundle, by, now);
  await replaceIndicators(executor, rows);
  return { applications: bundle.applications.length, indicators: rows.length };
}

/** The indicator rows a bundle makes: one per list entry, and the settings. */
export function indicatorRows(bundle: RegistryBundle, by: string, now: string) {
  const rows: IndicatorRow[] = [];
  const add = (kind: string, data: unknown, id: string = sortableId()) => rows.push({ id, kind, data: JSON.stringify(data), created_at: now, created_by: by, updated_at: now });
  const ind = bundle.indicators;
  for (const { kind, entry } of listEntries(ind)) add(kind, entry);
  add('singleton', ind.deMinimis, SINGLETONS.deMinimisDefault);
  add('singleton', ind.scoring, SINGLETONS.scoring);
  if (ind.exchangeRates) add('singleton', ind.exchangeRates, SINGLETONS.exchangeRates);
  return rows;
}

function importedRow(app: Application, by: string, now: string): ImportedApplication {
  const form: StoredApplicationForm = {
    holder: app.holder,
    trademarks: app.trademarks,
    authorizedSellers: app.authorizedSellers,
    distributors: [],
    priceFloors: app.priceFloors,
    evidence: ['imported with a registry bundle'],
  };
  return {
    id: app.id,
    holder_ref: app.holderRef ?? holderRefFor(app.holder.name),
    holder_name: app.holder.name,
    status: 'accepted',
    data: JSON.stringify(form),
    valid_from: app.validFrom,
    valid_until: app.validUntil,
    submitted_at: now,
    submitted_by: by,
    decided_at: now,
    decided_by: by,
    decision_reason: null,
    updated_at: now,
  };
}
