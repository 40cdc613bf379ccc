/**
 * The one place the evaluation calls the engine, as a black box through its public CLI:
 *   node --import tsx src/cli/screen.ts --registry <bundle.json> <manifest.json> …
 * writes the registry bundle and express manifests (≤ 10,000 parcels each) to a temporary
 * folder, runs the CLI once for all of them, and maps its JSON lines back by item id. Nothing
 * here knows how the engine decides; its internals may change without this module changing.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAX_PARCELS_PER_FILE = 10_000;

export interface EngineReason {
  kind: string;
  mark?: string;
  applicationId?: string;
  field?: string;
  matched?: string;
  start?: number;
  end?: number;
  similarity?: number;
  weight: number;
  note?: string;
}

export interface EngineVerdict {
  itemId: string;
  decision: 'hold' | 'review' | 'release';
  riskScore: number;
  reasons: EngineReason[];
}

export interface ParcelForEngine {
  itemId: string;
  category: 'sale_of_goods';
  seller: { name: string; country: string; marketplace?: string };
  sender: { name: string; address: string; country: string };
  consignee: { name: string; address: string; country: string };
  items: { description: string; hsCode: string; quantity: number; value: number; currency: string; originCountry: string }[];
  grossWeightKg?: number;
}

export interface EngineRun {
  verdicts: Map<string, EngineVerdict>;
  /** Lines the CLI wrote to stderr (registry warnings), for the report. */
  stderr: string[];
  seconds: number;
}

export async function screenWithEngine(bundle: unknown, parcels: ParcelForEngine[], options: { threads?: number; label?: string } = {}): Promise<EngineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'parcelscreen-heldout-'));
  try {
    const registryFile = join(dir, 'registry.json');
    writeFileSync(registryFile, JSON.stringify(bundle));
    const files: string[] = [];
    for (let i = 0; i < parcels.length; i += MAX_PARCELS_PER_FILE) {
      const file = join(dir, `manifest-${files.length + 1}.json`);
      const manifest = {
        manifestRef: `HELDOUT-${options.label ?? 'run'}-${files.length + 1}`,
        mode: 'express',
        regime: 'import',
        destinationCountry: 'BE',
        parcels: parcels.slice(i, i + MAX_PARCELS_PER_FILE),
      };
      writeFileSync(file, JSON.stringify(manifest));
      files.push(file);
    }
    const args = ['--import', 'tsx', 'src/cli/screen.ts', '--registry', registryFile, '--warnings', '--threads', String(options.threads ?? 2), ...files];
    const started = process.hrtime.bigint();
    // The CLI's stdout goes to a file: this runner was written when the CLI called process.exit() and
    // lost output queued for a pipe (fixed since), and a file keeps the decisions for inspection.
    // `--warnings` lists every registry warning on stderr (one `registry:` line each) for the report.
    const outFile = join(dir, 'decisions.jsonl');
    const { stderr, code } = await run(process.execPath, args, outFile);
    const stdout = readFileSync(outFile, 'utf8');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stderrLines = stderr.split('\n').filter(Boolean);
    if (code !== 0) {
      throw new Error(`the screening CLI exited with ${code}:\n${stderrLines.slice(0, 20).join('\n')}`);
    }
    const verdicts = new Map<string, EngineVerdict>();
    for (const line of stdout.split('\n')) {
      if (!line.trim()) continue;
      const verdict = JSON.parse(line) as EngineVerdict;
      verdicts.set(verdict.itemId, verdict);
    }
    const missing = parcels.filter((p) => !verdicts.has(p.itemId)).length;
    if (missing) throw new Error(`the screening CLI returned no decision for ${missing} of ${parcels.length} parcels`);
    return { verdicts, stderr: stderrLines, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], stdoutFile: string): Promise<{ stderr: string; code: number | null }> {
  const out = openSync(stdoutFile, 'w');
  return new Promise<{ stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', out, 'pipe'] });
    const err: Buffer[] = [];
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stderr: Buffer.concat(err).toString('utf8'), code }));
  }).finally(() => closeSync(out));
}

/** Flagged: held or sent to review. */
export function isFlagged(verdict: EngineVerdict): boolean {
  return verdict.decision === 'hold' || verdict.decision === 'review';
}

/** Found: flagged, with a trademark reason of positive weight naming the application or one of its names. */
export function namesExpectedMark(verdict: EngineVerdict, applicationId: string, names: readonly string[]): boolean {
  const folded = new Set(names.map((n) => n.normalize('NFC').toLowerCase()));
  return verdict.reasons.some(
    (r) => r.kind === 'trademark' && r.weight > 0 && (r.applicationId === applicationId || (r.mark !== undefined && folded.has(r.mark.normalize('NFC').toLowerCase()))),
  );
}
