/**
 * A nearby device's task that asks for a coding task (request.coding) goes through the coding loop:
 * the response carries the code the loop ran, the run's stdout as output, its exit code, iterations and
 * the measured CPU seconds (model and sandbox), which settle the credits as for any task. A request
 * without `coding` is a plain completion, as before. A coding task is served (and charged) when the loop
 * finished, whether or not the code succeeded: the requester gets the code and its error either way. It
 * is refused, uncharged, when this computer runs no code, the language is not one the sandbox runs, the
 * model never answered, or the sandbox itself failed.
 */
import type { MeshTaskRequest } from '../ble/protocol/mesh-schemas.js';
import type { PeerContext } from '../ble/peripheral/index.js';
import { SANDBOX_OFF_MESSAGE, sandboxLanguageOf, type CodingRunner } from '../coding/coding-types.js';
import type { WorkOutcome } from './paid-task-provider.js';

export type WorkRunner = (request: MeshTaskRequest, ctx: PeerContext) => Promise<WorkOutcome>;

/** Largest runError a response carries (the schema's bound); the end of a traceback says what failed. */
const RUN_ERROR_CHARS = 8_000;

/**
 * Wraps the completion runner: coding requests go to `coding` (absent: this computer runs no code, so
 * they are refused with that reason); the rest to `completion`.
 */
export function withCoding(completion: WorkRunner, coding: (() => CodingRunner | null) | null): WorkRunner {
  return async (request, ctx) => {
    const ask = request.coding;
    if (!ask) return completion(request, ctx);
    const runner = coding?.() ?? null;
    if (!runner) return { ok: false, error: `refused: ${SANDBOX_OFF_MESSAGE}` };
    // The signed taskHash covers the request's language: a coding language other than it was not signed for.
    if (request.language !== undefined && request.language !== ask.language) return { ok: false, error: `refused: the coding language ${ask.language} is not the task's language ${request.language}` };
    const language = sandboxLanguageOf(ask.language);
    if (!language) return { ok: false, error: `refused: the sandbox runs Python and JavaScript, not ${ask.language}` };
    let r;
    try {
      r = await runner(
        {
          language, task: request.prompt, kind: ask.kind,
          ...(ask.failedCode !== undefined ? { failedCode: ask.failedCode } : {}),
          ...(ask.errorHistory ? { errorHistory: ask.errorHistory } : {}),
        },
        { signal: ctx.signal },
      );
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    if (r.reason === 'sandbox_error') return { ok: false, error: r.error ?? 'the sandbox failed' };
    if (r.paramSize === null) return { ok: false, error: r.error ?? 'the model did not answer' };
    const runError = r.error === undefined ? undefined : r.error.length <= RUN_ERROR_CHARS ? r.error : `…${r.error.slice(r.error.length - RUN_ERROR_CHARS + 1)}`;
    return {
      ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs, paramSize: r.paramSize,
      coding: {
        generatedCode: r.code, exitCode: r.exitCode, iterations: r.iterations,
        ...(r.reason ? { reason: r.reason } : {}), ...(runError !== undefined ? { runError } : {}),
      },
    };
  };
}
