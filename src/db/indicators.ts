/**
 * Risk indicators customs maintains, one row per entry, grouped by kind (watched sellers,
 * keywords, hazardous HS codes, origin risk, de minimis per country) plus two singletons:
 * scoring and exchange rates.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, IndicatorTable } from './schema.ts';

let sequence = 0;

/** Ids that sort in creation order (time, then a counter): lists come back in the order they were made. */
export function sortableId(): string {
  sequence = (sequence + 1) % 1_679_616;
  return `${Date.now().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
}

export const SINGLETONS = { scoring: 'scoring', exchangeRates: 'exchange-rates', deMinimisDefault: 'de-minimis-default' } as const;

export async function listIndicators(executor: Kysely<Database>, kind?: string) {
  let q = executor.selectFrom('indicators').selectAll();
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, data: JSON.parse(r.data) as unknown, createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at }));
}

export async function putIndicator(executor: Kysely<Database>, id: string, kind: string, data: unknown, by: string): Promise<'created' | 'updated'> {
  const now = new Date().toISOString();
  const existing = await executor.selectFrom('indicators').select('id').where('id', '=', id).executeTakeFirst();
  if (existing) {
    await executor.updateTable('indicators').set({ data: JSON.stringify(data), updated_at: now, kind }).where('id', '=', id).execute();
    return 'updated';
  }
  await executor.insertInto('indicators').values({ id, kind, data: JSON.stringify(data), created_at: now, created_by: by, updated_at: now }).execute();
  return 'created';
}

export async function deleteIndicator(executor: Kysely<Database>, id: string, kind: string): Promise<boolean> {
  const result = await executor.deleteFrom('indicators').where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function getSingleton<T>(executor: Kysely<Database>, id: string): Promise<T | undefined> {
  const row = await executor.selectFrom('indicators').select('data').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.data) as T) : undefined;
}

/** An indicator's stored JSON, whatever its kind. */
export async function indicatorData(executor: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await executor.selectFrom('indicators').select('data').where('id', '=', id).executeTakeFirst())?.data;
}

export async function indicatorExists(executor: Kysely<Database>, id: string, kind: string): Promise<boolean> {
  return (await executor.selectFrom('indicators').select('id').where('id', '=', id).where('kind', '=', kind).executeTakeFirst()) !== undefined;
}

export type IndicatorRow = IndicatorTable;

/** Replaces every indicator (a bundle is a complete set), in inserts of 500 rows. */
export async function replaceIndicators(executor: Kysely<Database>, rows: readonly IndicatorRow[]): Promise<void> {
  await executor.deleteFrom('indicators').execute();
  for (let i = 0; i < rows.length; i += 500) await executor.insertInto('indicators').values(rows.slice(i, i + 500)).execute();
}
