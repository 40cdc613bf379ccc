/**
 * Opens what every entry point needs (config, logger, migrated database) and reports a bad
 * configuration as a one-line message instead of a stack trace.
 */
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connect, type Db } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { currentRole, grantServiceRole } from './db/grants.ts';

export async function openDatabase(config: Config): Promise<Db> {
  const db = await connect(config.DATABASE_URL, {
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    pgPoolSize: config.PG_POOL_SIZE,
  });
  if (!config.MIGRATION_DATABASE_URL) {
    await migrateToLatest(db);
    return db;
  }
  if (db.dialect !== 'postgres') {
    await db.close();
    throw new ConfigError('invalid configuration:\n  MIGRATION_DATABASE_URL: is for PostgreSQL; DATABASE_URL is not a postgres:// URL');
  }
  // The tables' owner migrates and grants; the service runs as a role that does not own them.
  const owner = await connect(config.MIGRATION_DATABASE_URL, { pgPoolSize: 1 });
  try {
    await migrateToLatest(owner);
    await grantServiceRole(owner, await currentRole(db));
  } finally {
    await owner.close();
  }
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

/** What stops start-up is one line on stderr and a non-zero exit, not a stack trace. */
export function exitAtStartup(message: string, code = 1): never {
  process.stderr.write(`parcelscreen: ${message}\n`);
  process.exit(code);
}

/** Why the server could not listen, in words an operator can act on. */
export function listenFailure(err: NodeJS.ErrnoException, host: string, port: number): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (another parcelscreen?): stop what listens there or set PORT`;
    case 'EACCES':
      return `no permission to listen on port ${port} on ${host}: choose a port above 1023 or set PORT`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine: set HOST`;
    default:
      return `cannot listen on ${host}:${port}: ${err.message}`;
  }
}
