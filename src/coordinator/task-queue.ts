/**
 * The reference coordinator's task queue with leases. A pull first puts back every task whose lease
 * ran out (its worker vanished or is too slow), then leases the oldest queued task to the caller until
 * assignedAt + timeoutMs + grace. A task whose lease ran out MAX_ATTEMPTS times is failed with its last
 * error instead of being queued again. A result counts only from the worker holding an unexpired lease; a
 * late one is refused with lease_expired, so every task is done exactly once; the same result sent again
 * by the same agent (its first reply was lost) is answered as already accepted. A worker that cannot run
 * a task it leased hands it back (release), and it is queued again at once without using up an attempt.
 */
import type Database from 'better-sqlite3';

export interface TaskRow {
  id: string;
  task_id: string;
  kind: string;
  language: string | null;
  input: string;
  timeout_ms: number;
  requested_model: string | null;
  state: 'queued' | 'assigned' | 'done' | 'failed';
  agent_id: string | null;
  attempts: number;
  assigned_at: number | null;
  lease_expires_at: number | null;
  result: string | null;
  last_error: string | null;
}

/** Leases a task may use up before it is failed. */
export const MAX_ATTEMPTS = 3;

/** Puts expired leases back in the queue, or fails the task once it used MAX_ATTEMPTS leases; returns how many. */
export function requeueExpired(db: Database.Database, now: number): number {
  db.prepare(`UPDATE tasks SET last_error = 'agent ' || agent_id || ' did not report within its lease (' || timeout_ms || ' ms + grace)'
              WHERE state = 'assigned' AND lease_expires_at <= ?`).run(now);
  db.prepare(`UPDATE tasks SET state = 'failed', lease_expires_at = NULL,
                result = json_object('ok', json('false'), 'output', '', 'error', 'gave up after ' || attempts || ' attempts: ' || last_error, 'durationMs', 0)
              WHERE state = 'assigned' AND lease_expires_at <= ? AND attempts >= ?`).run(now, MAX_ATTEMPTS);
  return db
    .prepare(`UPDATE tasks SET state = 'queued', agent_id = NULL, assigned_at = NULL, lease_expires_at = NULL WHERE state = 'assigned' AND lease_expires_at <= ?`)
    .run(now).changes;
}

/** A worker hands back a task it leased but will not run: queued again at once; the attempt is not counted. */
export function releaseTask(db: Database.Database, subtaskId: string, agentId: string, reason: string): boolean {
  return db
    .prepare(`UPDATE tasks SET state = 'queued', agent_id = NULL, assigned_at = NULL, lease_expires_at = NULL, attempts = MAX(attempts - 1, 0), last_error = ?
              WHERE id = ? AND state = 'assigned' AND agent_id = ?`)
    .run(`handed back by ${agentId}: ${reason}`, subtaskId, agentId).changes === 1;
}

/** Requeues expired leases, then leases the oldest queued task to `agentId` (null: nothing queued). */
export function leaseNext(db: Database.Database, agentId: string, now: number, graceMs: number): TaskRow | null {
  return db.transaction((): TaskRow | null => {
    requeueExpired(db, now);
    const t = db.prepare(`SELECT * FROM tasks WHERE state = 'queued' ORDER BY seq LIMIT 1`).get() as TaskRow | undefined;
    if (!t) return null;
    const expires = now + t.timeout_ms + graceMs;
    db.prepare(`UPDATE tasks SET state = 'assigned', agent_id = ?, attempts = attempts + 1, assigned_at = ?, lease_expires_at = ? WHERE id = ?`)
      .run(agentId, now, expires, t.id);
    return { ...t, state: 'assigned', agent_id: agentId, attempts: t.attempts + 1, assigned_at: now, lease_expires_at: expires };
  }).immediate();
}

export type CompleteOutcome = 'done' | 'duplicate' | 'unknown' | 'already-done' | 'lease-expired';

/** Records a worker's result if it still holds the lease; says why not otherwise ('duplicate': this exact result was already taken). */
export function completeTask(db: Database.Database, subtaskId: string, agentId: string, result: string, now: number): CompleteOutcome {
  return db.transaction((): CompleteOutcome => {
    const t = db.prepare('SELECT state, agent_id, lease_expires_at, result FROM tasks WHERE id = ?').get(subtaskId) as
      | Pick<TaskRow, 'state' | 'agent_id' | 'lease_expires_at' | 'result'>
      | undefined;
    if (!t) return 'unknown';
    if (t.state === 'done' && t.agent_id === agentId) return t.result === result ? 'duplicate' : 'already-done';
    if (t.state !== 'assigned' || t.agent_id !== agentId) return 'lease-expired';
    if (t.lease_expires_at !== null && t.lease_expires_at <= now) {
      requeueExpired(db, now);
      return 'lease-expired';
    }
    db.prepare(`UPDATE tasks SET state = 'done', result = ?, lease_expires_at = NULL WHERE id = ?`).run(result, subtaskId);
    return 'done';
  }).immediate();
}

export interface TaskState {
  id: string;
  taskId: string;
  state: TaskRow['state'];
  agentId: string | null;
  attempts: number;
  leaseExpiresAt: number | null;
  /** Why the last lease ended without a result (expired, handed back), if one did. */
  lastError: string | null;
  result: unknown;
}

/** One task as GET /admin/tasks/<id> shows it (null: no such task). */
export function taskState(db: Database.Database, id: string): TaskState | null {
  const t = db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
  if (!t) return null;
  return {
    id: t.id, taskId: t.task_id, state: t.state, agentId: t.agent_id, attempts: t.attempts,
    leaseExpiresAt: t.lease_expires_at, lastError: t.last_error, result: t.result === null ? null : (JSON.parse(t.result) as unknown),
  };
}
