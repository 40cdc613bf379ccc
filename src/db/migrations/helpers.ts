import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/** Migrations are built for one dialect: the few DDL differences are decided here, not at run time. */
export type MigrationFactory = (dialect: Dialect) => Migration & { up(db: Kysely<unknown>): Promise<void> };

/** A surrogate integer key that the database assigns, in insertion order (cursor paging relies on it). */
export function idColumn<T extends string>(dialect: Dialect, table: CreateTableBuilder<T, never>) {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
