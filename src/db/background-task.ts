/**
 * What the SQLite background thread (workers/sqlite-background.ts) is asked to do: the protocol
 * between src/db/connect.ts and its worker, owned here so the db layer imports nothing above it.
 */
export type BackgroundTask =
  | { op: 'checkpoint'; file: string }
  | { op: 'read'; file: string; sql: string; parameters: readonly unknown[] }
  | { op: 'close'; file: string };
