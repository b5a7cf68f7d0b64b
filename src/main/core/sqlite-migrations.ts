/**
 * Brings a SQLite database (better-sqlite3) up to date by PRAGMA user_version, for the ledger and the
 * reference coordinator alike: step N runs only on a database at version N-1, in one immediate
 * transaction with the version bump, so a crash leaves the database at the last whole step. A database
 * newer than this build is refused, never touched.
 */
import type Database from 'better-sqlite3';

/** One schema step: SQL to run, or a function for a step SQL alone cannot say (add a column unless present). */
export type Migration = string | ((db: Database.Database) => void);

export function migrate(db: Database.Database, migrations: readonly Migration[], what: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`${what} database is schema v${current}, newer than this app (v${migrations.length}); refusing to open it`);
  }
  for (let v = current; v < migrations.length; v++) {
    const step = migrations[v] as Migration;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
