/**
 * `npm run backup -- <file>`: an online backup of the SQLite database named by DATABASE_URL to
 * <file>, while the service runs. Restore by starting the service on the file (see the README).
 */
import { connect } from '../db/connect.ts';
import { backupSqlite } from '../db/backup.ts';
import { loadConfigOrExit } from '../runtime.ts';

const [file] = process.argv.slice(2);
const config = loadConfigOrExit();
if (!file) {
  process.stderr.write('usage: npm run backup -- <file>\n');
  process.exit(2);
}
if (!config.DATABASE_URL.startsWith('sqlite:')) {
  process.stderr.write('DATABASE_URL is PostgreSQL: back it up with pg_dump -Fc (see the README)\n');
  process.exit(2);
}
// Its own connection, without the service's background thread: the copy reads what is committed.
const db = await connect(config.DATABASE_URL, { sqliteBackgroundThread: false });
try {
  const started = Date.now();
  const { pages } = await backupSqlite(db, file);
  process.stdout.write(`${JSON.stringify({ file, pages, ms: Date.now() - started })}\n`);
} catch (err) {
  process.stderr.write(`backup failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
