/**
 * One task on the host: sends the run message, streams tokens to the caller, forwards cancellation,
 * and bounds the wait with a parent-side deadline a little past the host's own timeout (in case the
 * host hangs rather than answers).
 */
import type { Clock } from '../core/clock.js';
import { TimeoutError } from '../core/deadline.js';
import type { HostLink } from './host-link.js';
import type { HostToParent, TaskInput } from './host-protocol.js';
import type { RunOptions, TaskResult } from './engine-types.js';

export class InferenceError extends Error {
  override readonly name = 'InferenceError';
  constructor(message: string, readonly partial = '') {
    super(message);
  }
}

/** The prompt plus maxTokens does not fit the model's context (the host refuses it rather than truncate). */
export class PromptTooLongError extends Error {
  override readonly name = 'PromptTooLongError';
  constructor(readonly promptTokens: number, readonly contextSize: number) {
    super(`The prompt has ${promptTokens} tokens; with max_tokens it does not fit the model's context of ${contextSize} tokens.`);
  }
}

const GRACE_MS = 5000;

export interface HostRun {
  id: string;
  input: TaskInput;
  options: RunOptions;
  timeoutMs: number;
  clock: Clock;
  onStarted: () => void;
}

export function runOnHost(link: HostLink, run: HostRun): Promise<Omit<TaskResult, 'model' | 'paramSize'>> {
  const { id, options, clock } = run;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(guard);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => link.send({ type: 'cancel', id });
    const guard = clock.setTimeout(() => {
      link.send({ type: 'cancel', id });
      link.forget(id);
      finish(() => reject(new TimeoutError(`inference ${id}`, run.timeoutMs)));
    }, run.timeoutMs + GRACE_MS);
    link.request(
      { type: 'run', id, input: run.input, maxTokens: options.maxTokens, timeoutMs: run.timeoutMs, ...(options.language ? { language: options.language } : {}) },
      {
        onMessage: (msg) => {
          switch (msg.type) {
            case 'started':
              run.onStarted();
              return 'continue';
            case 'token':
              if (!settled) options.onToken?.(msg.text);
              return 'continue';
            case 'done': {
              const { output, tokens, promptTokens, cpuSeconds, durationMs, firstTokenMs, aborted } = msg;
              finish(() => resolve({ output, tokens, promptTokens, cpuSeconds, durationMs, firstTokenMs, aborted }));
              return 'settled';
            }
            case 'failed':
              finish(() => reject(failure(msg, id, run.timeoutMs)));
              return 'settled';
            default:
              return 'continue';
          }
        },
        onCrash: (err) => finish(() => reject(new InferenceError(`inference request failed: the ${err.message}`))),
      },
    );
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error a host failure becomes: a timeout, a prompt too long for the context, or anything else. */
function failure(msg: Extract<HostToParent, { type: 'failed' }>, id: string, timeoutMs: number): Error {
  if (msg.code === 'timeout') return new TimeoutError(`inference ${id}`, timeoutMs);
  if (msg.code === 'context-too-long') return new PromptTooLongError(msg.promptTokens ?? 0, msg.contextSize ?? 0);
  return new InferenceError(msg.message, msg.partial);
}
