/**
 * `npm run keys -- <command>`: see keys-command.ts, or `npm run keys -- --help`.
 */
import { loadConfigOrExit, openDatabase } from '../runtime.ts';
import { runKeys } from './keys-command.ts';

const code = await runKeys(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  async open() {
    const config = loadConfigOrExit();
    return { db: await openDatabase(config), graceSeconds: config.KEY_ROTATION_GRACE_SECONDS };
  },
});
process.exit(code);
