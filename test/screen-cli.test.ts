/**
 * The offline CLI: same engine and pool as the service; stdout holds one JSON line per parcel
 * and nothing else.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScreeningResultSchema } from '../src/domain/decision.ts';
import { manifest, parcel, parcels, s10 } from './support/fixtures.ts';
import { TEST_BUNDLE } from './support/registry.ts';

const run = promisify(execFile);

describe('npm run screen', () => {
  it('writes one decision line per valid parcel to stdout, and problems to stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcelscreen-cli-'));
    const registry = join(dir, 'registry.json');
    const bundle = { ...TEST_BUNDLE, applications: TEST_BUNDLE.applications!.map((a) => ({ ...a, validFrom: '2000-01-01', validUntil: '2999-01-01' })) };
    writeFileSync(registry, JSON.stringify(bundle));
    const first = join(dir, 'a.json');
    const second = join(dir, 'b.json');
    writeFileSync(first, JSON.stringify(manifest('CLI-A', [
      parcel(s10(1), { items: [{ description: 'G U C C I handbag', hsCode: '420221', quantity: 1, value: 30, currency: 'EUR' }] }),
      { itemId: 'RB123456786US' },
    ])));
    writeFileSync(second, JSON.stringify(manifest('CLI-B', [parcel(s10(2), { items: [{ description: 'Wooden toy train', hsCode: '950300', quantity: 1, value: 10, currency: 'EUR' }] })])));

    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/screen.ts', '--registry', registry, first, second]).catch(
      (err: { stdout: string; stderr: string; code: number }) => {
        expect(err.code).toBe(1); // a rejected parcel makes the exit code 1
        return err;
      },
    );
    const lines = stdout.trim().split('\n').map((l) => ScreeningResultSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => [l.itemId, l.decision])).toEqual([
      [s10(1), 'hold'],
      [s10(2), 'release'],
    ]);
    expect(lines[0]!.reasons).toContainEqual(expect.objectContaining({ kind: 'trademark', mark: 'Gucci', matched: 'G U C C I' }));
    expect(stderr).toMatch(/parcel 1 \(RB123456786US\) rejected: parcels\[1\]\.itemId/);
    expect(stderr).toMatch(/rejected: 1 parcel; screened: 2 parcels/);
    // The registry's warnings are one line of counts by kind ("Coach" is an ordinary word)…
    expect(stderr.split('\n').filter((l) => l.startsWith('registry:'))).toEqual([expect.stringMatching(/^registry: \d+ warnings?: .*\d+ ordinary word.*--warnings lists them/)]);
    // …and every warning, one per line, with --warnings.
    const listed = await run(process.execPath, ['--import', 'tsx', 'src/cli/screen.ts', '--warnings', '--registry', registry, second]);
    expect(listed.stderr).toMatch(/^registry: APP-COACH: "Coach" is an ordinary word/m);
  }, 120_000);

  it('exits 0 when every parcel was screened, and 2 on usage and registry errors, naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcelscreen-cli-'));
    const good = join(dir, 'm.json');
    writeFileSync(good, JSON.stringify(manifest('CLI-OK', parcels(3))));
    const registry = join(dir, 'registry.json');
    writeFileSync(registry, JSON.stringify(TEST_BUNDLE));
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/cli/screen.ts', '--registry', registry, good]);
    expect(ok.stdout.trim().split('\n')).toHaveLength(3);

    const bad = join(dir, 'bad-registry.json');
    writeFileSync(bad, JSON.stringify({ applications: [{ id: 'X', holder: { name: 'X' }, trademarks: [{ mark: 'X', hsCodes: ['abc'] }] }] }));
    const status = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/screen.ts', ...args]).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
    const [noRegistry, invalid, missing, threads] = await Promise.all([
      status([good]),
      status(['--registry', bad, good]),
      status(['--registry', join(dir, 'nowhere.json'), good]),
      status(['--registry', registry, '--threads', 'many', good]),
    ]);
    expect([noRegistry.code, noRegistry.stderr]).toEqual([2, expect.stringMatching(/^usage: .*--registry/)]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/applications\[0\]\.trademarks\[0\]\.hsCodes\[0\]: must be an HS prefix/);
    expect(invalid.stdout).toBe('');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/nowhere\.json.*ENOENT/)]);
    expect([threads.code, threads.stderr]).toEqual([2, expect.stringMatching(/--threads must be a whole number/)]);
  }, 120_000);

  it('writes every line to a slow reader before it exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcelscreen-cli-'));
    const count = 6000;
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(manifest('CLI-BIG', parcels(count))));
    const registry = join(dir, 'registry.json');
    writeFileSync(registry, JSON.stringify(TEST_BUNDLE));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/screen.ts', '--threads', '2', '--batch-size', '200', '--registry', registry, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let last = '';
    // A reader that takes a pause after every chunk: the pipe fills, and the CLI must wait for it.
    child.stdout.on('data', (chunk: Buffer) => {
      const text = last + chunk.toString('utf8');
      const parts = text.split('\n');
      last = parts.pop()!;
      lines += parts.length;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(last).toBe('');
    expect([code, lines]).toEqual([0, count]);
  }, 120_000);
});
