/**
 * The audit trail's hash chain: each entry carries the hash of the one before it, so an entry
 * changed, removed or slipped in afterwards breaks every link after it. The hash is SHA-256 over
 * a canonical serialisation of the entry as stored (the JSON array of its columns in a fixed
 * order; `before` and `after` are the stored JSON text, byte for byte).
 */
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
}

export function canonicalEntry(e: ChainedEntry): string {
  return JSON.stringify([e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after, e.prev_hash]);
}

export function entryHash(e: ChainedEntry): string {
  return createHash('sha256').update(canonicalEntry(e)).digest('hex');
}

export type ChainCheck =
  | { valid: true; entries: number; lastId: number | null; lastHash: string }
  | { valid: false; entries: number; firstBroken: { id: number | null; reason: string } };

/**
 * Checks entries page by page, in id order: `step` takes the next page and the state so far.
 * Kept apart from I/O so the CLI, the endpoint and tests share one definition of "valid".
 */
export class ChainVerifier {
  private previous: { id: number | null; hash: string } = { id: null, hash: GENESIS_HASH };
  private count = 0;
  private broken: { id: number | null; reason: string } | null = null;

  /** Returns false once a link is broken (no need to read further). */
  step(page: readonly ChainedEntry[]): boolean {
    for (const e of page) {
      if (this.broken) return false;
      if (e.prev_hash !== this.previous.hash) {
        const after = this.previous.id === null ? 'the start of the trail' : `entry ${this.previous.id}`;
        this.broken = { id: e.id, reason: `prev_hash of entry ${e.id} does not match the hash of ${after}: an entry was changed, removed or inserted` };
        return false;
      }
      this.previous = { id: e.id, hash: entryHash(e) };
      this.count++;
    }
    return !this.broken;
  }

  /** The end: the last entry read must be the one the chain head recorded, with the same hash. */
  finish(head: { lastId: number | null; lastHash: string }): ChainCheck {
    if (!this.broken && (head.lastId !== this.previous.id || head.lastHash !== this.previous.hash)) {
      this.broken = {
        id: head.lastId,
        reason: head.lastId === this.previous.id ? `entry ${head.lastId} was changed after it was appended (its hash is not the one recorded)` : `the chain head records entry ${head.lastId} as the last one, but the trail ends at entry ${this.previous.id ?? 'none'}: an entry was removed`,
      };
    }
    return this.broken ? { valid: false, entries: this.count, firstBroken: this.broken } : { valid: true, entries: this.count, lastId: this.previous.id, lastHash: this.previous.hash };
  }
}
