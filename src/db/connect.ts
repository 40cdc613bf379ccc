/**
 * Opens the database named by a `DATABASE_URL`: `sqlite:<file>` (embedded default) or
 * `postgres://…` (several stateless nodes). Both give the same `Kysely<Database>`.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Database } from './schema.ts';
import { WalSync } from './wal-sync.ts';
import { CurrentSchemaPostgresDialect } from './pg-introspector.ts';
import type { BackgroundTask } from './background-task.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /**
   * The better-sqlite3 handle under kysely, for the few hot statements that must be prepared
   * once and reused (kysely prepares every query anew). Only use it inside a kysely transaction,
   * whose connection lock keeps other queries out.
   */
  sqlite?: SqliteDatabase.Database;
  /**
   * SQLite with `synchronous=FULL` on a file: filings commit with NORMAL and wait for this
   * fsync of the WAL instead, off the event loop (see wal-sync.ts). Absent otherwise.
   */
  walSync?: WalSync;
  /**
   * SQLite on a file: runs a read-only query on the background thread's own connection, off the
   * event loop (workers/sqlite-background.ts), for reads whose cost grows with the data. Absent
   * otherwise: on PostgreSQL every query already runs off the event loop.
   */
  readInBackground?: <R>(query: CompiledQuery<R>) => Promise<R[]>;
  /** The PostgreSQL schema in use when not the default (tests isolate themselves in one each). */
  pgSchema?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** SQLite `synchronous`: FULL syncs every commit (survives power loss), NORMAL only process kills. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL schema to use (tests isolate themselves this way); created if missing. */
  pgSchema?: string;
  /**
   * Start the background thread (default): WAL checkpoints and long reads off the event loop.
   * false leaves checkpoints to SQLite's auto-checkpoint and runs every read on the caller's thread.
   */
  sqliteBackgroundThread?: boolean;
  pgPoolSize?: number;
}

// PostgreSQL sends int8 (bigserial ids, count(*)) as strings; every such value here fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

const BACKGROUND_WORKER = fileURLToPath(new URL('../../workers/sqlite-background.ts', import.meta.url));

/**
 * The database's background thread (workers/sqlite-background.ts): WAL checkpoints every 250 ms,
 * and long reads. SQLite's own auto-checkpoint stays on with a large threshold as a safety net,
 * so the WAL stays bounded even if that thread falls behind.
 */
function startBackgroundThread(sqlite: SqliteDatabase.Database, file: string) {
  sqlite.pragma('wal_autocheckpoint = 16384');
  const pool = new Piscina<BackgroundTask, unknown>({ filename: BACKGROUND_WORKER, execArgv: ['--import', 'tsx'], minThreads: 1, maxThreads: 1, idleTimeout: Infinity });
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= pool.run({ op: 'checkpoint', file }).catch(() => undefined).finally(() => (running = null));
  }, 250);
  timer.unref();
  return {
    read: <R>(query: CompiledQuery<R>) => pool.run({ op: 'read', file, sql: query.sql, parameters: query.parameters }) as Promise<R[]>,
    async stop() {
      clearInterval(timer);
      await running;
      await pool.run({ op: 'close', file });
      await pool.destroy();
    },
  };
}

/**
 * Runs a read whose cost grows with the data (a count over the backlog, a statistics scan): on
 * SQLite's background thread when there is one, so it never stalls the event loop; otherwise as
 * usual (PostgreSQL queries already run off the event loop).
 */
export function readScanning<R>(db: Db, query: { compile(): CompiledQuery<R>; execute(): Promise<R[]> }): Promise<R[]> {
  return db.readInBackground ? db.readInBackground(query.compile()) : query.execute();
}

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<Db> {
  if (url.startsWith('sqlite:')) {
    const file = sqlitePath(url);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'FULL'}`);
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const background = file === ':memory:' || options.sqliteBackgroundThread === false ? null : startBackgroundThread(sqlite, file);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const walSync = file !== ':memory:' && (options.sqliteSynchronous ?? 'FULL') === 'FULL' ? new WalSync(`${file}-wal`) : undefined;
    return {
      kysely,
      dialect: 'sqlite',
      sqlite,
      ...(walSync ? { walSync } : {}),
      ...(background ? { readInBackground: background.read } : {}),
      async close() {
        await walSync?.close();
        await background?.stop();
        await kysely.destroy();
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const schema = options.pgSchema;
    if (schema) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        // Only when missing: a role that may not create schemas (the service's, see grants.ts) can still use one.
        const exists = await admin.query('select 1 from pg_namespace where nspname = $1', [schema.replace(/"/g, '')]);
        if (exists.rowCount === 0) await admin.query(`create schema if not exists "${schema.replace(/"/g, '')}"`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: options.pgPoolSize ?? 10,
      ...(schema ? { options: `-c search_path="${schema.replace(/"/g, '')}"` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', ...(schema ? { pgSchema: schema } : {}), close: () => kysely.destroy() };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got ${url.split(':')[0]}:`);
}
