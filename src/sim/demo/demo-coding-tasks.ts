import type Database from 'better-sqlite3';
import { enqueueTask } from '../../coordinator/coordinator-db.js';
import { taskState } from '../../coordinator/task-queue.js';
import { CODER_TASKS } from '../../main/inference/gguf/coder-programs.js';

/** Time a demo coding task may take: Python starts Pyodide, and the demo's machine may be busy. */
export const DEMO_CODING_TIMEOUT_MS = 180_000;

/**
 * Queues the coding tasks the demo's model (coder-tiny) knows on the demo's coordinator: two Python, two
 * JavaScript, one of each failing at first and fixed on the second iteration. A task already in the
 * coordinator's database (a demo started again without --reset) is left as it is. Returns the ids queued.
 */
export function queueDemoCodingTasks(db: Database.Database): string[] {
  const queued: string[] = [];
  for (const t of CODER_TASKS) {
    if (taskState(db, t.id)) continue;
    queued.push(enqueueTask(db, { id: t.id, kind: 'micro_loop', language: t.language, input: t.input, timeoutMs: DEMO_CODING_TIMEOUT_MS }));
  }
  return queued;
}
