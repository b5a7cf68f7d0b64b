/**
 * Schema of the local ledger, migrated by PRAGMA user_version. Transactions and their state events
 * are append-only (triggers refuse UPDATE/DELETE); each table carries its own hash chain.
 */
import type Database from 'better-sqlite3';
import { migrate, type Migration } from '../core/sqlite-migrations.js';

/** Exported for the migration tests, which build a database as an older app left it. */
export const LEDGER_MIGRATIONS: Migration[] = [
  // 1: transactions, state events (at most one per tx: pending → synced | rejected), pinned peer keys.
  `CREATE TABLE transactions (
     seq INTEGER PRIMARY KEY,
     tx_id TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL CHECK (role IN ('requester', 'provider')),
     peer_id TEXT NOT NULL,
     credits_micro INTEGER NOT NULL,
     completed_at INTEGER NOT NULL,
     recorded_at INTEGER NOT NULL,
     body TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     row_hash TEXT NOT NULL
   );
   CREATE INDEX transactions_completed ON transactions (completed_at);
   CREATE TABLE tx_events (
     seq INTEGER PRIMARY KEY,
     tx_id TEXT NOT NULL UNIQUE REFERENCES transactions (tx_id),
     state TEXT NOT NULL CHECK (state IN ('synced', 'rejected')),
     reason TEXT,
     at INTEGER NOT NULL,
     prev_hash TEXT NOT NULL,
     row_hash TEXT NOT NULL
   );
   CREATE TABLE peer_keys (
     agent_id TEXT PRIMARY KEY,
     public_key TEXT NOT NULL,
     first_seen INTEGER NOT NULL
   );
   CREATE TRIGGER transactions_no_update BEFORE UPDATE ON transactions BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
   CREATE TRIGGER transactions_no_delete BEFORE DELETE ON transactions BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
   CREATE TRIGGER tx_events_no_update BEFORE UPDATE ON tx_events BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
   CREATE TRIGGER tx_events_no_delete BEFORE DELETE ON tx_events BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;`,
  // 2: encoding v2. Each row's encoding version (existing rows are v1 and keep v1 rules), where it came
  // from ('exchange': this computer traded it; 'readback': learned from the coordinator after a sync),
  // the requesters' acknowledgements (append-only, hash-chained: a provider learns one after recording),
  // the intents this computer sent and gave up on, and small key/value state (the read-back cursor).
  `ALTER TABLE transactions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE transactions ADD COLUMN source TEXT NOT NULL DEFAULT 'exchange';
   CREATE TABLE tx_acks (
     seq INTEGER PRIMARY KEY,
     tx_id TEXT NOT NULL UNIQUE REFERENCES transactions (tx_id),
     ack TEXT NOT NULL,
     at INTEGER NOT NULL,
     prev_hash TEXT NOT NULL,
     row_hash TEXT NOT NULL
   );
   CREATE TABLE abandoned_intents (
     tx_id TEXT PRIMARY KEY,
     provider_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TRIGGER tx_acks_no_update BEFORE UPDATE ON tx_acks BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
   CREATE TRIGGER tx_acks_no_delete BEFORE DELETE ON tx_acks BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;`,
];

export const LEDGER_SCHEMA_VERSION = LEDGER_MIGRATIONS.length;

/** Opens pragmas for durability and applies pending migrations, each in its own transaction. */
export function prepareLedgerDb(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, LEDGER_MIGRATIONS, 'ledger');
}
