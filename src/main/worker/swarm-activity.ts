/** What the Activity panel says about each swarm task this computer ran (one line a task). */
import { languageName, sandboxLanguageOf } from '../coding/coding-types.js';
import type { ResultExtras } from '../coordinator-client/coordinator-schemas.js';

export interface SwarmTaskEvent {
  subtaskId: string;
  taskId: string;
  /** Whether the local run succeeded (the output went back as ok: true). */
  ok: boolean;
  durationMs: number;
  /** Why the run failed, when it did. */
  error?: string;
  /**
   * What became of the result: taken, refused because the lease ran out, not delivered, not sent
   * (stopped), or the task was never started and handed back (it arrived after the worker stopped).
   */
  report: 'accepted' | 'lease-expired' | 'undelivered' | 'abandoned' | 'handed-back';
  /** Why the result was not delivered (or the task could not be handed back). */
  reportError?: string;
  /** How it was answered (coding task or completion), with the code's exit code, iterations and CPU seconds. */
  extras?: ResultExtras;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const shortId = (id: string): string => (id.length > 24 ? `${id.slice(0, 21)}…` : id);

export function swarmActivityLine(e: SwarmTaskEvent): { level: 'info' | 'warn'; text: string } {
  const task = `swarm task ${shortId(e.subtaskId)}`;
  switch (e.report) {
    case 'handed-back':
      return e.reportError
        ? { level: 'warn', text: `Could not hand back ${task}, which arrived after the worker stopped (${e.reportError}): the coordinator gives it to another worker when its lease runs out.` }
        : { level: 'info', text: `Handed ${task} back to the coordinator: it arrived after the worker stopped, so another worker takes it now.` };
    case 'abandoned':
      return { level: 'info', text: `Stopped ${task} after ${seconds(e.durationMs)}: the coordinator will give it to another worker.` };
    case 'lease-expired':
      return { level: 'warn', text: `Finished ${task} in ${seconds(e.durationMs)}, too late: the coordinator had given it to another worker, so the result was discarded.` };
    case 'undelivered':
      return { level: 'warn', text: `Ran ${task} in ${seconds(e.durationMs)} but could not report it: ${e.reportError ?? 'unknown error'}.` };
    case 'accepted':
      if (e.extras?.answeredAs === 'coding_task') return codingLine(e, e.extras);
      return e.ok
        ? { level: 'info', text: `Ran ${task} for the coordinator in ${seconds(e.durationMs)}.` }
        : { level: 'warn', text: `The ${task} failed after ${seconds(e.durationMs)} (reported to the coordinator): ${e.error ?? 'unknown error'}.` };
  }
}

const attempts = (n: number | undefined): string => (n === 1 ? '1 attempt' : `${n ?? 0} attempts`);

/** "Ran a Python task for the swarm: ok after 2 attempts, 1.4 CPU-s." */
function codingLine(e: SwarmTaskEvent, x: ResultExtras): { level: 'info' | 'warn'; text: string } {
  const l = sandboxLanguageOf(x.language);
  const what = `Ran a ${l ? languageName(l) : 'coding'} task for the swarm`;
  const cpu = `${(x.cpuSeconds ?? 0).toFixed(1)} CPU-s`;
  if (e.ok) return { level: 'info', text: `${what}: ok after ${attempts(x.iterations)}, ${cpu}.` };
  const why = x.reason ? ` (${x.reason.replace(/_/g, ' ')})` : '';
  const detail = (e.error ?? 'unknown error').trim().split('\n').filter((s) => s.trim()).at(-1) ?? '';
  return { level: 'warn', text: `${what}: failed after ${attempts(x.iterations)}${why}, ${cpu}: ${detail.length > 160 ? `${detail.slice(0, 159)}…` : detail}.` };
}
