/**
 * The offline CLI: same engine and pool as the service; stdout holds one JSON line per parcel
 * and nothing else.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScreeningResultSchema } from '../src/domain/decision.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';
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
  });
});
