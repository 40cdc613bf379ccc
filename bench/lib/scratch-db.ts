/**
 * A database of its own for a campaign: a fresh SQLite file, or with `DATABASE_URL=postgres://…`
 * a fresh schema in that database (the server gets it through the URL's `options=-c search_path`),
 * dropped by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { tempSqliteUrl } from './temp-db.ts';

export interface ScratchDatabase {
  url: string;
  label: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base || base.startsWith('sqlite:')) {
    const url = base ?? tempSqliteUrl();
    return { url, label: `SQLite ${url.slice('sqlite:'.length)}`, drop: async () => {} };
  }
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    label: `PostgreSQL schema ${schema}`,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}
