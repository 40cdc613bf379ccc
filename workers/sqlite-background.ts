/**
 * Piscina worker: the SQLite database's background thread, with its own connection.
 *
 * - Checkpoints: copies the write-ahead log back into the database file, so the HTTP thread never
 *   pays for them (measured: filing a 1,000-parcel manifest costs ~17 % less event-loop time
 *   without them). PASSIVE checkpoints never block writers.
 * - Long reads: queries whose cost grows with the data (counting the screening backlog walks every
 *   waiting parcel: ~70 ms per million, measured) run here instead of stalling the event loop.
 *   In WAL mode a reader on another connection neither blocks nor waits for the writer. Only
 *   statements that read are accepted.
 */
import Database from 'better-sqlite3';
import type { BackgroundTask } from '../src/db/background-task.ts';

export type { BackgroundTask };

const connections = new Map<string, Database.Database>();

function connection(file: string): Database.Database {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    connections.set(file, db);
  }
  return db;
}

export default function run(task: BackgroundTask): unknown {
  switch (task.op) {
    case 'close':
      connections.get(task.file)?.close();
      connections.delete(task.file);
      return null;
    case 'checkpoint': {
      const [result] = connection(task.file).pragma('wal_checkpoint(PASSIVE)') as { checkpointed: number }[];
      return result?.checkpointed ?? 0;
    }
    case 'read': {
      const stmt = connection(task.file).prepare(task.sql);
      if (!stmt.reader) throw new Error('the background connection only reads');
      return stmt.all(...task.parameters);
    }
  }
}
