/**
 * `npm run audit -- verify`: checks the audit trail's hash chain from the first entry to the
 * chain head and prints the result as JSON; exit code 1 names the first broken link.
 */
import { verifyAuditChain } from '../db/audit.ts';
import { loadConfigOrExit, openDatabase } from '../runtime.ts';

const USAGE = 'usage: npm run audit -- verify';

const [command] = process.argv.slice(2);
if (command !== 'verify') {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const db = await openDatabase(loadConfigOrExit());
try {
  const result = await verifyAuditChain(db);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!result.valid) {
    process.stderr.write(`audit trail broken at entry ${result.firstBroken.id}: ${result.firstBroken.reason}\n`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
