/**
 * `npm run retention -- purge`: removes the personal data that the retention policy no longer
 * allows to keep (RETENTION_RELEASED_DAYS, RETENTION_CLOSED_CASE_DAYS), as the background job does,
 * and prints the counts (also written to the audit trail).
 */
import { loadConfigOrExit, openDatabase } from '../runtime.ts';
import { purgePersonalData } from '../workflow/retention.ts';

const [command] = process.argv.slice(2);
if (command !== 'purge') {
  process.stderr.write('usage: npm run retention -- purge\n');
  process.exit(2);
}
const config = loadConfigOrExit();
const db = await openDatabase(config);
try {
  const counts = await purgePersonalData(db, { releasedDays: config.RETENTION_RELEASED_DAYS, closedCaseDays: config.RETENTION_CLOSED_CASE_DAYS }, 'cli:retention');
  process.stdout.write(`${JSON.stringify(counts)}\n`);
} finally {
  await db.close();
}
