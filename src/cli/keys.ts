/**
 * `npm run keys -- create --role operator --operator DHLX [--label "…"]`: prints a new key once.
 * `npm run keys -- list` and `npm run keys -- revoke <id>`.
 */
import { parseArgs } from 'node:util';
import { createApiKey, listApiKeys, revokeApiKey } from '../db/api-keys.ts';
import { ROLES, type Role } from '../db/schema.ts';
import { loadConfigOrExit, openDatabase } from '../runtime.ts';

const USAGE = `usage:
  npm run keys -- create --role <${ROLES.join('|')}> [--operator CODE] [--holder REF] [--label TEXT]
  npm run keys -- list
  npm run keys -- revoke <key id>`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    operator: { type: 'string' },
    holder: { type: 'string' },
    label: { type: 'string' },
  },
});

const [command, ...rest] = positionals;
if (!command) fail('a command is required');
const config = loadConfigOrExit();
const db = await openDatabase(config);
try {
  if (command === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    if (role === 'operator' && !values.operator) fail('an operator key needs --operator CODE');
    if (role === 'rightsholder' && !values.holder) fail('a rightsholder key needs --holder REF');
    const { id, key } = await createApiKey(db, {
      role,
      operatorCode: values.operator?.toUpperCase() ?? null,
      holderRef: values.holder ?? null,
      label: values.label ?? null,
    });
    process.stderr.write(`created key ${id} (role ${role}); it is shown once, store it now:\n`);
    process.stdout.write(`${key}\n`);
  } else if (command === 'list') {
    for (const k of await listApiKeys(db)) process.stdout.write(`${JSON.stringify(k)}\n`);
  } else if (command === 'revoke') {
    const id = rest[0] ?? fail('revoke needs a key id');
    process.stdout.write((await revokeApiKey(db, id)) ? `revoked ${id}\n` : `no active key ${id}\n`);
  } else {
    fail(`unknown command ${command}`);
  }
} finally {
  await db.close();
}
