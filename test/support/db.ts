/**
 * Real databases for tests: a fresh SQLite file per call, and a fresh PostgreSQL schema per call
 * when TEST_DATABASE_URL is set. Suites run once per available backend.
 */
import { tempSqliteUrl } from '../../bench/lib/temp-db.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Db } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<Db>;
}

const PG_URL = process.env.TEST_DATABASE_URL;

export { tempSqliteUrl };

const sqlite: Backend = {
  name: 'sqlite',
  async open() {
    const db = await connect(tempSqliteUrl(), { sqliteSynchronous: 'NORMAL' });
    await migrateToLatest(db);
    return db;
  },
};

const postgres: Backend = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await connect(PG_URL!, { pgSchema: schema, pgPoolSize: 4 });
    await migrateToLatest(db);
    const close = db.close;
    // Drop the schema afterwards so repeated runs do not fill the test database.
    return {
      ...db,
      async close() {
        await close();
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      },
    };
  },
};

if (!PG_URL) {
  process.stderr.write('[parcelscreen tests] TEST_DATABASE_URL is not set: PostgreSQL storage suites are SKIPPED\n');
}

/** The backends to run storage suites against: SQLite always, PostgreSQL when configured. */
export const backends: Backend[] = PG_URL ? [sqlite, postgres] : [sqlite];
export const postgresConfigured = Boolean(PG_URL);

/**
 * Counts the reads `db` sends to SQLite's background connection until `restore()`, or null when
 * `db` has no background connection (PostgreSQL).
 */
export function watchBackgroundReads(db: Db): { count(): number; restore(): void } | null {
  const background = db.readInBackground;
  if (!background) return null;
  let reads = 0;
  db.readInBackground = (query) => {
    reads++;
    return background(query);
  };
  return { count: () => reads, restore: () => (db.readInBackground = background) };
}
