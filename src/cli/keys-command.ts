/**
 * `npm run keys -- <command>` (entry point: keys.ts): API keys from a shell on the server (admins
 * without one use `/v1/keys`). Returns the exit code: 0 done, 1 the key named cannot be changed
 * (unknown, revoked, expired, rotated), 2 the command line is wrong. The database is opened only
 * once the command line is known to be right.
 */
import { parseArgs } from 'node:util';
import type { Db } from '../db/connect.ts';
import { listKeys } from '../db/api-keys.ts';
import { ROLES } from '../db/schema.ts';
import { KeySpecSchema, MAX_GRACE_SECONDS, type KeySpec } from '../keys/spec.ts';
import { createKey, keyView, revokeKey, rotateKey } from '../keys/service.ts';

export interface KeysIo {
  out(text: string): void;
  err(text: string): void;
  /** The database, and the rotation grace period configured for it. */
  open(): Promise<{ db: Db; graceSeconds: number }>;
}

const USAGE = `usage:
  npm run keys -- create --role <${ROLES.join('|')}> [--operator CODE] [--holder REF] [--label TEXT] [--expires DATE]
      --operator CODE   required for (and only for) role operator: the operator whose manifests the key files
      --holder REF      required for (and only for) role rightsholder: the rights holder the key speaks for
      --expires DATE    a day (the key works through it) or an instant (2027-06-30T12:00:00Z)
      prints the key once on stdout; only its hash is stored
  npm run keys -- list [--all]
      one JSON line per active key (--all: revoked and expired ones too), newest first
  npm run keys -- revoke <key id>
  npm run keys -- rotate <key id> [--grace SECONDS]
      prints a new key for the same role; the old one works on for SECONDS (default KEY_ROTATION_GRACE_SECONDS)
  npm run keys -- --help`;

class UsageError extends Error {}

/** The command line is wrong: say what (the caller exits 2). */
function usageError(message: string): never {
  throw new UsageError(message);
}

const FLAGS: Record<string, string> = { role: '--role', operator: '--operator', holder: '--holder', label: '--label', expiresAt: '--expires' };
const ALLOWED: Record<string, readonly string[]> = {
  create: ['role', 'operator', 'holder', 'label', 'expires'],
  list: ['all'],
  revoke: [],
  rotate: ['grace'],
};

type Command =
  | { name: 'help' }
  | { name: 'create'; spec: KeySpec }
  | { name: 'list'; all: boolean }
  | { name: 'revoke'; id: string }
  | { name: 'rotate'; id: string; graceSeconds: number | undefined };

export async function runKeys(argv: string[], io: KeysIo): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`keys: ${err.message}\n(npm run keys -- --help shows the commands)\n`);
    return 2;
  }
  if (command.name === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const { db, graceSeconds } = await io.open();
  try {
    return await execute(command, db, graceSeconds, io);
  } finally {
    await db.close();
  }
}

/** Everything about the command line, checked before the database is opened. */
function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        operator: { type: 'string' },
        holder: { type: 'string' },
        label: { type: 'string' },
        expires: { type: 'string' },
        grace: { type: 'string' },
        all: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // parseArgs names the unknown option or the missing value.
    usageError((err as Error).message);
  }
  const { positionals, values } = parsed;
  if (values.help) return { name: 'help' };
  const [name, ...rest] = positionals;
  if (!name) usageError('a command is required');
  const allowed = ALLOWED[name];
  if (!allowed) usageError(`unknown command ${name}`);
  for (const option of Object.keys(values)) if (!allowed.includes(option)) usageError(`--${option} does not go with ${name}`);
  if (name === 'revoke' || name === 'rotate') {
    if (rest.length !== 1) usageError(`${name} takes one key id`);
  } else if (rest.length > 0) usageError(`unexpected argument ${rest[0]}`);

  if (name === 'create') {
    const spec = KeySpecSchema.safeParse({ role: values.role, operator: values.operator, holder: values.holder, label: values.label, expiresAt: values.expires });
    if (!spec.success) usageError(spec.error.issues.map((i) => `${FLAGS[String(i.path[0])] ?? String(i.path[0] ?? '')} ${i.message}`).join('; '));
    return { name, spec: spec.data };
  }
  if (name === 'list') return { name, all: values.all === true };
  if (name === 'revoke') return { name, id: rest[0]! };
  let graceSeconds: number | undefined;
  if (values.grace !== undefined) {
    graceSeconds = Number(values.grace);
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) usageError(`--grace must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS}`);
  }
  return { name: 'rotate', id: rest[0]!, graceSeconds };
}

async function execute(command: Exclude<Command, { name: 'help' }>, db: Db, defaultGrace: number, io: KeysIo): Promise<number> {
  const cannot = (reason: 'not_found' | 'not_active', message: string | undefined, id: string) => {
    io.err(`keys: ${reason === 'not_found' ? `no key ${id}` : message}\n`);
    return 1;
  };
  switch (command.name) {
    case 'create': {
      const { view, key } = await createKey(db, command.spec, 'cli');
      io.err(`created key ${view.id} (role ${view.role}); it is shown once, store it now:\n`);
      io.out(`${key}\n`);
      return 0;
    }
    case 'list': {
      const now = new Date().toISOString();
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const page = await listKeys(db, { state: command.all ? undefined : 'active', now, after, limit: 500 });
        for (const k of page) io.out(`${JSON.stringify(keyView(k, now))}\n`);
        if (page.length < 500) return 0;
        after = { at: page[page.length - 1]!.created_at, id: page[page.length - 1]!.id };
      }
    }
    case 'revoke': {
      const outcome = await revokeKey(db, command.id, 'cli');
      if (!outcome.ok) return cannot(outcome.reason, 'message' in outcome ? outcome.message : undefined, command.id);
      io.out(`revoked ${command.id}\n`);
      return 0;
    }
    case 'rotate': {
      const outcome = await rotateKey(db, command.id, command.graceSeconds ?? defaultGrace, 'cli');
      if (!outcome.ok) return cannot(outcome.reason, 'message' in outcome ? outcome.message : undefined, command.id);
      const { view, key, replaced } = outcome.value;
      io.err(`created key ${view.id} to replace ${replaced.id}, which works until ${replaced.expiresAt}; the new key is shown once, store it now:\n`);
      io.out(`${key}\n`);
      return 0;
    }
  }
}
