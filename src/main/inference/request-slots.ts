/**
 * A bounded FIFO of requests waiting for one of `concurrency` slots. Waiting requests can be
 * aborted; a full queue rejects at once (never unbounded memory).
 */
import { AbortedError } from '../core/deadline.js';

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

interface Waiter {
  grant: () => void;
  reject: (err: unknown) => void;
}

export class RequestSlots {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** How many waiters at the head of the queue are priority ones (kept in their own FIFO order). */
  private priorityWaiting = 0;

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
    private readonly onChange: () => void,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  }

  get busy(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a release function once a slot is free. `priority` jumps the queue and ignores
   * its bound (model loads, which take every slot so no request runs while the model changes).
   */
  acquire(signal?: AbortSignal, priority = false): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortedError('inference request', signal.reason));
    if (this.active < this.concurrency) {
      this.active++;
      this.onChange();
      return Promise.resolve(this.releaser());
    }
    if (!priority && this.waiting.length >= this.maxQueued) return Promise.reject(new QueueFullError(`inference queue is full (${this.maxQueued} waiting)`));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        if (i >= 0 && i < this.priorityWaiting) this.priorityWaiting--;
        this.onChange();
        reject(new AbortedError('inference request', signal?.reason));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (priority) this.waiting.splice(this.priorityWaiting++, 0, waiter);
      else this.waiting.push(waiter);
      this.onChange();
    });
  }

  /** Rejects everything still waiting (engine stopping). */
  rejectAll(err: unknown): void {
    this.priorityWaiting = 0;
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.onChange();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (this.priorityWaiting > 0) this.priorityWaiting--;
      if (next) next.grant();
      else this.active--;
      this.onChange();
    };
  }
}
