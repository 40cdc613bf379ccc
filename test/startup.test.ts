/**
 * What stops the service at start-up says so in one line and exits non-zero: a port another
 * process holds, a registry seed file that is not there or not a bundle.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../bench/lib/server.ts';
import { tempSqliteUrl } from './support/db.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs `npm start`'s entry point until it exits (or fails the test after 30 s). */
function runService(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', SCREENING_THREADS: '0', INGEST_THREADS: '0', DATABASE_URL: tempSqliteUrl(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 30 s:\n${stdout}${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('start-up failures', () => {
  let holder: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));

  it('a busy port is one line and exit code 1, no EADDRINUSE stack', async () => {
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(port, '127.0.0.1', resolve));
    const { code, stderr, stdout } = await runService({ PORT: String(port), HOST: '127.0.0.1', REGISTRY_SEED: 'none' });
    expect(code).toBe(1);
    expect(stderr).toBe(`parcelscreen: port ${port} on 127.0.0.1 is already in use (another parcelscreen?): stop what listens there or set PORT\n`);
    expect(stdout).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it('a REGISTRY_SEED that is missing or not a bundle stops start-up (exit code 2)', async () => {
    const port = String(await freePort());
    const missing = await runService({ PORT: port, REGISTRY_SEED: '/nope.json' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('parcelscreen: REGISTRY_SEED=/nope.json: no such file (set REGISTRY_SEED=none to start without seeding)\n');
    const bad = join(tmpdir(), `not-a-bundle-${process.pid}.json`);
    writeFileSync(bad, JSON.stringify({ applications: 'none' }));
    const invalid = await runService({ PORT: port, REGISTRY_SEED: bad });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(new RegExp(`^parcelscreen: REGISTRY_SEED=${bad}: registry bundle .* is not valid`));
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });
});
