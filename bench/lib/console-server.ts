/**
 * A real parcelscreen server for browser tests and benchmarks: `src/main.ts` as a child process
 * on a temporary SQLite file, with keys created beforehand through the db layer, and Debian's
 * Chromium driven by playwright-core (no browser download).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { connect } from '../../src/db/connect.ts';
import { createApiKey, type NewKey } from '../../src/db/api-keys.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Migrates the database and creates the keys the test signs in with. */
export async function prepareDatabase(url: string, specs: Record<string, NewKey>): Promise<Record<string, string>> {
  const db = await connect(url, { sqliteSynchronous: 'NORMAL', sqliteBackgroundThread: false });
  try {
    await migrateToLatest(db);
    const keys: Record<string, string> = {};
    for (const [name, spec] of Object.entries(specs)) keys[name] = (await createApiKey(db, spec)).key;
    return keys;
  } finally {
    await db.close();
  }
}

export interface RunningServer {
  base: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RETENTION_PURGE_INTERVAL_MINUTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://localhost:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 30_000) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Debian's chromium, headless; the flags keep it off the network this machine does not have. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
