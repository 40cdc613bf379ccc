/**
 * Opens what every entry point needs (config, logger, migrated database) and reports a bad
 * configuration as a one-line message instead of a stack trace.
 */
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connect, type Db } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';

export async function openDatabase(config: Config): Promise<Db> {
  const db = await connect(config.DATABASE_URL, {
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    pgPoolSize: config.PG_POOL_SIZE,
  });
  await migrateToLatest(db);
  return db;
}

export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`parcelscreen: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
