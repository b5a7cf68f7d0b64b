/**
 * Runs a routed request on this computer's own model: the user's request goes ahead of contributed
 * work in the engine's queue, tokens stream to the caller as they come, and the signal stops the
 * generation in the host process. The engine's errors become route errors: a full queue is
 * DeviceBusyError, a prompt too long for the context is ContextTooLongError (passed to the caller).
 * A coding request runs the coding loop (the same as the swarm's, at the user's priority) when one is
 * given: the user's own code is the user's choice, so it runs even with sandbox.enabled off.
 */
import type { CodingRunner } from '../coding/coding-types.js';
import { AbortedError } from '../core/deadline.js';
import type { InferenceEngine } from '../inference/inference-engine.js';
import { QueueFullError } from '../inference/request-slots.js';
import { PromptTooLongError } from '../inference/run-request.js';
import { localCodingRun } from './coding-route.js';
import { promptOf } from './prompt-text.js';
import { ContextTooLongError } from './route-errors.js';
import { DeviceBusyError, DeviceFailedError } from './route-executor.js';
import type { RouteExecutor } from './route-executor.js';

export type LocalEnginePort = Pick<InferenceEngine, 'run'>;

export function thisComputerExecutor(engine: LocalEnginePort, coding?: CodingRunner): RouteExecutor {
  return async (candidate, job, signal, timeoutMs) => {
    if (job.coding) {
      if (!coding) throw new DeviceFailedError(candidate.name, 'it has no sandbox to run code in');
      const { language, kind } = job.coding;
      const run = await coding({ language, kind, task: promptOf(job.input), timeoutMs }, { signal }).catch((err: unknown) => {
        throw fromEngineError(err);
      });
      if (signal.aborted) throw new AbortedError(`coding task on ${candidate.name}`, signal.reason);
      return { output: run.output, completionTokens: 0, promptTokens: 0, finishReason: 'stop', credits: null, coding: localCodingRun(language, run) };
    }
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
