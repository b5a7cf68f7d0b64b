/**
 * Delivers one swarm result to the coordinator: each attempt bounded by a timeout, retried after a
 * short jittered wait when the failure is transient (unreachable, timeout, HTTP 5xx), after registering
 * again on 401, and never when the coordinator says the lease expired (someone else has the task now).
 */
import type { Clock } from '../core/clock.js';
import { AbortedError, TimeoutError } from '../core/deadline.js';
import type { CallOptions } from '../coordinator-client/coordinator-client.js';
import { CoordinatorHttpError, CoordinatorUnreachableError, LeaseExpiredError } from '../coordinator-client/coordinator-errors.js';
import type { ResultRequest } from '../coordinator-client/coordinator-schemas.js';

export interface ResultPosterDeps {
  post(body: ResultRequest, opts: CallOptions): Promise<void>;
  reregister(signal: AbortSignal): Promise<void>;
  clock: Clock;
  random: () => number;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Attempts in all; default 4. */
  attempts?: number;
}

export type PostOutcome = { report: 'accepted' } | { report: 'lease-expired' } | { report: 'undelivered'; error: string };

/** Whether another attempt may succeed. Lease, validation and unknown-subtask refusals are final. */
export function isTransient(err: unknown): boolean {
  if (err instanceof LeaseExpiredError) return false;
  if (err instanceof CoordinatorHttpError) return err.status >= 500 || err.status === 401 || err.status === 429;
  return err instanceof CoordinatorUnreachableError || err instanceof TimeoutError;
}

export async function postResult(deps: ResultPosterDeps, body: ResultRequest, signal: AbortSignal): Promise<PostOutcome> {
  const attempts = deps.attempts ?? 4;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await deps.post(body, { signal, timeoutMs: deps.timeoutMs ?? 10_000 });
      return { report: 'accepted' };
    } catch (err) {
      last = err;
      if (err instanceof LeaseExpiredError) return { report: 'lease-expired' };
      if (signal.aborted || !isTransient(err) || attempt === attempts) break;
      try {
        if (err instanceof CoordinatorHttpError && err.status === 401) await deps.reregister(signal);
        else await sleep(deps.clock, Math.round(500 * 2 ** (attempt - 1) * (0.9 + 0.2 * deps.random())), signal);
      } catch (waitErr) {
        last = waitErr;
        if (signal.aborted) break;
      }
    }
  }
  return { report: 'undelivered', error: last instanceof Error ? last.message : String(last) };
}

/** Waits `ms` on the clock; rejects with AbortedError if `signal` aborts first. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError('waiting', signal.reason));
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(new AbortedError('waiting', signal.reason));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
