import { AbortedError } from '../core/deadline.js';

/**
 * One call that several callers wait on together (the coordinator session's registration). Each
 * caller joins with its own AbortSignal: its abort ends only its own wait. The call's own signal is
 * aborted when every caller still waiting has left, so nobody's work runs for no one. `settled` runs
 * once when the call ends, before the callers hear of it.
 */
export class SharedCall<T> {
  private waiting = 0;
  /** A caller without a signal waits to the end: the call is never cancelled under it. */
  private pinned = false;
  private readonly abort = new AbortController();
  private readonly done: Promise<T>;

  constructor(run: (signal: AbortSignal) => Promise<T>, settled: () => void) {
    this.done = run(this.abort.signal).finally(settled);
    this.done.catch(() => undefined);
  }

  join(signal?: AbortSignal): Promise<T> {
    if (!signal) {
      this.pinned = true;
      return this.done;
    }
    if (signal.aborted) return Promise.reject(new AbortedError('registering', signal.reason));
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal.removeEventListener('abort', onAbort);
        this.waiting--;
      };
      const onAbort = (): void => {
        leave();
        if (this.waiting === 0 && !this.pinned) this.abort.abort(new Error('every caller stopped waiting'));
        reject(new AbortedError('registering', signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.done.then(
        (v) => {
          leave();
          resolve(v);
        },
        (err: unknown) => {
          leave();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}
