/**
 * The registry tables written and read set-wise, for bundles of tens of thousands of applications
 * (a 19 MB import: 38,153 applications, 13,355 indicators). One statement per row cost 8.9 s of
 * event loop for such an import on SQLite (three statements per application); multi-row
 * statements in slices, with the event loop let through between them (slices.ts), do the same
 * work in statements of a few milliseconds.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ApplicationHistoryTable, ApplicationTable, Database, IndicatorTable } from './schema.ts';
import { inSlices, yieldToEventLoop } from './slices.ts';

/** Rows per statement: 13 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const APPLICATIONS_PER_STATEMENT = 500;
const ROWS_PER_STATEMENT = 1000;
const ROWS_PER_READ = 2000;

export type ImportedApplication = Omit<Insertable<ApplicationTable>, 'expiring_notice_for'>;

/**
 * Inserts applications, or updates those whose id exists: everything but when and by whom they
 * were first submitted (and the expiry notices already sent), as the row-by-row import did.
 */
export async function upsertApplications(executor: Kysely<Database>, rows: readonly ImportedApplication[]): Promise<void> {
  await inSlices(rows, APPLICATIONS_PER_STATEMENT, (slice) =>
    executor
      .insertInto('applications')
      .values(slice)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          holder_ref: eb.ref('excluded.holder_ref'),
          holder_name: eb.ref('excluded.holder_name'),
          status: eb.ref('excluded.status'),
          data: eb.ref('excluded.data'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_until: eb.ref('excluded.valid_until'),
          decided_at: eb.ref('excluded.decided_at'),
          decided_by: eb.ref('excluded.decided_by'),
          decision_reason: eb.ref('excluded.decision_reason'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute(),
  );
}

export async function addHistoryRows(executor: Kysely<Database>, rows: readonly Insertable<ApplicationHistoryTable>[]): Promise<void> {
  await inSlices(rows, ROWS_PER_STATEMENT, (slice) => executor.insertInto('application_history').values(slice).execute());
}

/** Replaces every indicator (a bundle is a complete set of them). */
export async function replaceIndicators(executor: Kysely<Database>, rows: readonly Insertable<IndicatorTable>[]): Promise<void> {
  await executor.deleteFrom('indicators').execute();
  await inSlices(rows, ROWS_PER_STATEMENT, (slice) => executor.insertInto('indicators').values(slice).execute());
}

/**
 * Accepted applications by id, read in pages by primary key with the event loop let through
 * between them. The status is checked here, not in SQL: with it in the WHERE clause SQLite chose
 * the status index and sorted every accepted application for each page (1.2 s for 20 pages of a
 * 38,000-application registry).
 */
export async function acceptedApplications(executor: Kysely<Database>): Promise<Selectable<ApplicationTable>[]> {
  const rows: Selectable<ApplicationTable>[] = [];
  for (let after: string | null = null; ; ) {
    let q = executor.selectFrom('applications').selectAll();
    if (after !== null) q = q.where('id', '>', after);
    const page = await q.orderBy('id').limit(ROWS_PER_READ).execute();
    for (const row of page) if (row.status === 'accepted') rows.push(row);
    if (page.length < ROWS_PER_READ) return rows;
    after = page[page.length - 1]!.id;
    await yieldToEventLoop();
  }
}
