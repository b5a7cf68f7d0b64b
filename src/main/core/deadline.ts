import type { Clock } from './clock.js';

/** Raised when an operation outlives its deadline. `operation` names what timed out, for logs and the UI. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly operation: string, readonly ms: number) {
    super(`${operation} timed out after ${ms} ms`);
  }
}

/** Raised when the caller aborted an operation. */
export class AbortedError extends Error {
  override readonly name = 'AbortError';
  constructor(readonly operation: string, reason?: unknown) {
    super(`${operation} aborted${reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : ''}`);
  }
}

export interface DeadlineOptions {
  clock: Clock;
  ms: number;
  operation: string;
  signal?: AbortSignal;
  /** Called once when the deadline or the signal ends the wait, to release whatever the work holds. */
  onCancel?: (reason: TimeoutError | AbortedError) => void;
}

/**
 * Races work against a timeout and an AbortSignal. Whichever settles first wins; the timer and the
 * abort listener are always released. Libraries that never report failure (noble) get a bound here.
 */
export function withDeadline<T>(work: Promise<T> | ((signal: AbortSignal) => Promise<T>), opts: DeadlineOptions): Promise<T> {
  const { clock, ms, operation, signal, onCancel } = opts;
  const inner = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const cancel = (err: TimeoutError | AbortedError): void =>
      finish(() => {
        inner.abort(err);
        onCancel?.(err);
        reject(err);
      });
    const onAbort = (): void => cancel(new AbortedError(operation, signal?.reason));
    const timer = clock.setTimeout(() => cancel(new TimeoutError(operation, ms)), ms);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    let p: Promise<T>;
    try {
      p = typeof work === 'function' ? work(inner.signal) : work;
    } catch (err) {
      finish(() => reject(err));
      return;
    }
    p.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}
