/**
 * What the swarm worker does with one subtask. A subtask in a language the sandbox runs (python,
 * javascript) is a coding task: the coding loop writes, runs and fixes the code, and the result is the
 * run's (ok = exit code 0, output = its stdout, error = its stderr or the reason). Any other subtask (no
 * language, another one, or no sandbox on this computer) is answered as a completion, as before, and the
 * result says so. Either way the extra /result fields carry how it was answered and the measured CPU.
 */
import type { CodingRunner } from '../coding/coding-types.js';
import { sandboxLanguageOf } from '../coding/coding-types.js';
import type { ResultExtras, Subtask } from '../coordinator-client/coordinator-schemas.js';
import type { RunOptions, TaskInput, TaskResult } from '../inference/engine-types.js';

export interface SubtaskRunnerDeps {
  engine: { run(input: TaskInput, options: RunOptions): Promise<TaskResult> };
  /** Absent: this computer runs no code, so every subtask is answered as a completion. */
  coding?: CodingRunner;
  /** Tokens a completion may generate; default 1024. */
  maxTokens?: number;
}

export interface SubtaskOutcome {
  ok: boolean;
  output: string;
  error?: string;
  extras: ResultExtras;
}

/** The coordinator keeps at most this much error text; the end of a traceback says what failed. */
export const MAX_ERROR_CHARS = 4000;

export const clipError = (e: string): string => (e.length <= MAX_ERROR_CHARS ? e : `…${e.slice(e.length - MAX_ERROR_CHARS + 1)}`);

/** Why a subtask is answered as a completion rather than run as code. */
export function completionNote(language: string | undefined): string {
  if (!language?.trim()) return 'no language given: answered as a completion, no code was run';
  if (!sandboxLanguageOf(language)) return `the sandbox runs Python and JavaScript, not ${language}: answered as a completion, no code was run`;
  return `this computer runs no code: answered as a completion, no ${language} code was run`;
}

export async function runSubtask(deps: SubtaskRunnerDeps, subtask: Subtask, signal: AbortSignal): Promise<SubtaskOutcome> {
  const language = sandboxLanguageOf(subtask.language);
  if (language && deps.coding) {
    const r = await deps.coding({ language, task: subtask.input, kind: subtask.kind, timeoutMs: subtask.timeoutMs }, { signal });
    return {
      ok: r.ok,
      output: r.output,
      ...(r.error !== undefined ? { error: clipError(r.error) } : {}),
      extras: {
        answeredAs: 'coding_task', language, code: r.code, exitCode: r.exitCode, iterations: r.iterations, cpuSeconds: r.cpuSeconds,
        ...(r.reason ? { reason: r.reason } : {}),
      },
    };
  }
  // `priority` is read by engines that order contributed work behind the user's own requests.
  const r = await deps.engine.run({ prompt: subtask.input }, {
    maxTokens: deps.maxTokens ?? 1024, timeoutMs: subtask.timeoutMs, signal, priority: 'contributed',
    ...(subtask.language ? { language: subtask.language } : {}),
  });
  return {
    ok: !r.aborted,
    output: r.output,
    ...(r.aborted ? { error: 'aborted' } : {}),
    extras: { answeredAs: 'completion', cpuSeconds: r.cpuSeconds, note: completionNote(subtask.language) },
  };
}

