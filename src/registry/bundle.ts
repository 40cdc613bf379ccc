/**
 * The registry bundle <-> the registry tables: building the bundle that gets versioned and
 * screened with, and importing a bundle from a file or another instance.
 */
import { acceptedApplications, addHistory, upsertImportedApplication } from '../db/applications.ts';
import { getSingleton, listIndicators, replaceIndicators, SINGLETONS, sortableId, type IndicatorRow } from '../db/indicators.ts';
import { addLearntAlias, listLearntAliases } from '../db/learnt-aliases.ts';
import { bundleLists, listEntries, RegistryBundleSchema, type Application, type RegistryBundle, type Scoring } from '../domain/registry.ts';
import type { StoredApplicationForm } from '../domain/registry-forms.ts';
import type { Executor } from '../db/transaction.ts';

export function holderRefFor(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'holder';
}

/** The bundle of accepted applications (expired ones too: validity is checked when screening) and all indicators. */
export async function buildBundle(executor: Executor): Promise<RegistryBundle> {
  const apps = await acceptedApplications(executor);
  const indicators = await listIndicators(executor);
  const learnt = await listLearntAliases(executor, null);
  const bundle = {
    applications: apps.map((row) => {
      const form = JSON.parse(row.data) as StoredApplicationForm;
      return {
        id: row.id,
        holderRef: row.holder_ref,
        holder: form.holder,
        trademarks: form.trademarks,
        authorizedSellers: [...form.authorizedSellers, ...form.distributors],
        priceFloors: form.priceFloors,
        learntAliases: learnt
          .filter((l) => l.applicationId === row.id)
          .map((l) => ({ mark: l.mark, alias: l.alias, ...(l.parcelId !== null ? { parcelId: l.parcelId } : {}), ...(l.itemId !== null ? { itemId: l.itemId } : {}), officer: l.officer, learntAt: l.learntAt })),
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
  return RegistryBundleSchema.parse(bundle);
}

/**
 * Imports a bundle: applications are upserted by id as accepted with their validity; indicators
 * are replaced as a whole (a bundle is a complete set of indicators).
 */
export async function importBundle(executor: Executor, bundle: RegistryBundle, by: string): Promise<{ applications: number; indicators: number }> {
  const now = new Date().toISOString();
  for (const app of bundle.applications) await upsertImported(executor, app, by, now);
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

async function upsertImported(executor: Executor, app: Application, by: string, now: string) {
  const form: StoredApplicationForm = {
    holder: app.holder,
    trademarks: app.trademarks,
    authorizedSellers: app.authorizedSellers,
    distributors: [],
    priceFloors: app.priceFloors,
    evidence: ['imported with a registry bundle'],
  };
  await upsertImportedApplication(executor, app.id, { holderRef: app.holderRef ?? holderRefFor(app.holder.name), form, validFrom: app.validFrom, validUntil: app.validUntil, by, now });
  // Learnt aliases travel with their provenance (parcel ids are the other instance's).
  for (const l of app.learntAliases) await addLearntAlias(executor, { applicationId: app.id, mark: l.mark, alias: l.alias, parcelId: null, itemId: l.itemId ?? null, officer: l.officer, learntAt: l.learntAt });
  await addHistory(executor, app.id, by, 'imported', { validFrom: app.validFrom, validUntil: app.validUntil });
}
