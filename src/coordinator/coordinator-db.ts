/**
 * Durable state of the reference coordinator (better-sqlite3, WAL, synchronous=FULL): the mesh token,
 * registered agents (public keys, last power telemetry), the task queue with leases, and the settled
 * BLE transactions, which are the dedupe set (txId UNIQUE, survives restart) and a hash chain at once. Balances are sums over that
 * chain, so there is no second book that could disagree with it.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate, type Migration } from '../main/core/sqlite-migrations.js';

/** Adds a column unless an earlier build (or a hand-made database) already has it. */
const addColumn = (db: Database.Database, table: string, column: string, decl: string): void => {
  const cols = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  if (!cols.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${decl}`);
};

const migrations: Migration[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE agents (
     agent_id TEXT PRIMARY KEY,
     public_key TEXT,
     registered_at INTEGER NOT NULL,
     last_heartbeat INTEGER,
     info TEXT NOT NULL
   );
   CREATE TABLE tasks (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     task_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     language TEXT,
     input TEXT NOT NULL,
     timeout_ms INTEGER NOT NULL,
     requested_model TEXT,
     state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'assigned', 'done')),
     agent_id TEXT,
     result TEXT
   );
   CREATE TABLE settled (
     seq INTEGER PRIMARY KEY,
     tx_id TEXT NOT NULL UNIQUE,
     requester_id TEXT NOT NULL,
     provider_id TEXT NOT NULL,
     credits_micro INTEGER NOT NULL,
     content_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     applied_at INTEGER NOT NULL,
     prev_hash TEXT NOT NULL,
     row_hash TEXT NOT NULL
   );
   CREATE TRIGGER settled_no_update BEFORE UPDATE ON settled BEGIN SELECT RAISE(ABORT, 'settled is append-only'); END;
   CREATE TRIGGER settled_no_delete BEFORE DELETE ON settled BEGIN SELECT RAISE(ABORT, 'settled is append-only'); END;`,
  // v2: task leases (a vanished worker's task is queued again) and the agents' last power telemetry.
  (db) => {
    addColumn(db, 'tasks', 'attempts', 'INTEGER NOT NULL DEFAULT 0');
    addColumn(db, 'tasks', 'assigned_at', 'INTEGER');
    addColumn(db, 'tasks', 'lease_expires_at', 'INTEGER');
    addColumn(db, 'agents', 'power', 'TEXT');
    db.exec('CREATE INDEX IF NOT EXISTS tasks_lease ON tasks (state, lease_expires_at)');
  },
  // v3: a task requeued too often ends 'failed' with its last error (the state CHECK is widened by a rebuild).
  (db) => {
    addColumn(db, 'tasks', 'last_error', 'TEXT');
    db.exec(`CREATE TABLE tasks_v3 (
       seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, task_id TEXT NOT NULL, kind TEXT NOT NULL, language TEXT,
       input TEXT NOT NULL, timeout_ms INTEGER NOT NULL, requested_model TEXT,
       state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'assigned', 'done', 'failed')),
       agent_id TEXT, result TEXT, attempts INTEGER NOT NULL DEFAULT 0, assigned_at INTEGER, lease_expires_at INTEGER, last_error TEXT
     );
     INSERT INTO tasks_v3 (seq, id, task_id, kind, language, input, timeout_ms, requested_model, state, agent_id, result, attempts, assigned_at, lease_expires_at, last_error)
       SELECT seq, id, task_id, kind, language, input, timeout_ms, requested_model, state, agent_id, result, attempts, assigned_at, lease_expires_at, last_error FROM tasks;
     DROP TABLE tasks;
     ALTER TABLE tasks_v3 RENAME TO tasks;
     CREATE INDEX tasks_lease ON tasks (state, lease_expires_at);`);
  },
];

export function openCoordinatorDb(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, 'coordinator');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The mesh token (BLE mesh membership, handed to registered agents), created once and kept across restarts. */
export function meshTokenOf(db: Database.Database): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'mesh_token'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const token = randomBytes(24).toString('base64url');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('mesh_token', ?)`).run(token);
  return token;
}

export interface AgentRow {
  agent_id: string;
  public_key: string | null;
}

export function findAgent(db: Database.Database, agentId: string): AgentRow | undefined {
  return db.prepare('SELECT agent_id, public_key FROM agents WHERE agent_id = ?').get(agentId) as AgentRow | undefined;
}

export interface TaskInput {
  id?: string;
  taskId?: string;
  kind: string;
  language?: string;
  input: string;
  timeoutMs?: number;
  requestedModel?: string;
}

export function enqueueTask(db: Database.Database, t: TaskInput): string {
  const id = t.id ?? `sub-${randomBytes(8).toString('hex')}`;
  db.prepare('INSERT INTO tasks (id, task_id, kind, language, input, timeout_ms, requested_model) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, t.taskId ?? id, t.kind, t.language ?? null, t.input, t.timeoutMs ?? 60_000, t.requestedModel ?? null,
  );
  return id;
}

/** Balances per agent from the settled chain: earned as provider, spent as requester (micro-credits). */
export function balancesOf(db: Database.Database): Record<string, { earnedMicro: number; spentMicro: number }> {
  const out: Record<string, { earnedMicro: number; spentMicro: number }> = {};
  const add = (id: string): { earnedMicro: number; spentMicro: number } => (out[id] ??= { earnedMicro: 0, spentMicro: 0 });
  for (const r of db.prepare('SELECT provider_id AS id, SUM(credits_micro) AS m FROM settled GROUP BY provider_id').all() as Array<{ id: string; m: number }>) add(r.id).earnedMicro = r.m;
  for (const r of db.prepare('SELECT requester_id AS id, SUM(credits_micro) AS m FROM settled GROUP BY requester_id').all() as Array<{ id: string; m: number }>) add(r.id).spentMicro = r.m;
  return out;
}
