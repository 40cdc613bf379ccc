/**
 * Database errors that say "try again" or "someone else got there first", recognised on both
 * dialects: PostgreSQL's SQLSTATE codes and SQLite's result codes (better-sqlite3's `code`).
 */

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** A unique or primary key already taken: a conflict to report (409), not a server error. */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Serialization failure or deadlock (PostgreSQL), busy database (SQLite): the transaction may simply run again. */
export function isRetryable(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY';
}

/**
 * Runs `work` (a whole transaction) again when the database aborted it for a conflict with a
 * concurrent one, up to `attempts` times with a short random pause; other errors go through.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
