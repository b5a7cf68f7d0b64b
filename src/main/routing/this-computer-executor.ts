/**
 * Runs a routed request on this computer's own model: the user's request goes ahead of contributed
 * work in the engine's queue, tokens stream to the caller as they come, and the signal stops the
 * generation in the host process. The engine's errors become route errors: a full queue is
 * DeviceBusyError, a prompt too long for the context is ContextTooLongError (passed to the caller).
 */
import { AbortedError } from '../core/deadline.js';
import type { InferenceEngine } from '../inference/inference-engine.js';
import { QueueFullError } from '../inference/request-slots.js';
import { PromptTooLongError } from '../inference/run-request.js';
import { ContextTooLongError } from './route-errors.js';
import { DeviceBusyError } from './route-executor.js';
import type { RouteExecutor } from './route-executor.js';

export type LocalEnginePort = Pick<InferenceEngine, 'run'>;

export function thisComputerExecutor(engine: LocalEnginePort): RouteExecutor {
  return async (candidate, job, signal, timeoutMs) => {
    const answer = await engine
      .run(job.input, {
        maxTokens: job.maxTokens,
        signal,
        timeoutMs,
        priority: 'user',
        ...(job.onToken ? { onToken: job.onToken } : {}),
      })
      .catch((err: unknown) => {
        throw fromEngineError(err);
      });
    // The engine answers an aborted run with its partial text; for the router that attempt is over.
    if (answer.aborted) throw new AbortedError(`request on ${candidate.name}`, signal.reason);
    return {
      output: answer.output,
      completionTokens: answer.tokens,
      promptTokens: answer.promptTokens,
      finishReason: answer.tokens >= job.maxTokens ? 'length' : 'stop',
      credits: null,
    };
  };
}

/** The engine's errors as route errors (same words); any other error is passed on as it is. */
export function fromEngineError(err: unknown): unknown {
  if (err instanceof QueueFullError) return new DeviceBusyError(err.message);
  if (err instanceof PromptTooLongError) return new ContextTooLongError(err.promptTokens, err.contextSize);
  return err;
}
