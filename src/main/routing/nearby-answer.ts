/**
 * What the two Bluetooth executors (a mesh peer, a Bluetooth Local iPhone) share: the answer arrives
 * whole and without token counts, so its usage is estimated; and the central's errors become route
 * errors, so the failover rule (attempt-outcome.ts) knows only routing's own.
 */
import { LinkLostError } from '../ble/central/central-errors.js';
import { estimatePromptTokens, estimateTokens } from './prompt-text.js';
import { DeviceLinkLostError } from './route-executor.js';
import type { ExecutorResult } from './route-executor.js';
import type { CompletionJob } from './route-types.js';

/** The result of a whole answer: completion tokens estimated (at most maxTokens), "length" when it reached them. */
export function wholeAnswer(job: Pick<CompletionJob, 'input' | 'maxTokens'>, output: string, credits: number | null): ExecutorResult {
  const completionTokens = Math.min(job.maxTokens, estimateTokens(output));
  return {
    output,
    completionTokens,
    promptTokens: estimatePromptTokens(job.input),
    finishReason: completionTokens >= job.maxTokens ? 'length' : 'stop',
    credits,
  };
}

/** A lost link is the route's DeviceLinkLostError (same words); any other error is passed on as it is. */
export function fromCentralError(err: unknown): unknown {
  return err instanceof LinkLostError ? new DeviceLinkLostError(err.message) : err;
}
