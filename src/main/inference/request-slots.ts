/**
 * A bounded queue of requests waiting for one of `concurrency` slots, FIFO within each rank: model
 * loads first (they take every slot), then the user's own requests, then contributed work (swarm and
 * nearby devices' tasks). Waiting requests can be aborted; a full queue rejects at once (never
 * unbounded memory).
 */
import { AbortedError } from '../core/deadline.js';

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

/** Who waits: a model load, the user's own request, or work contributed to others. */
export type SlotRank = 'load' | 'user' | 'contributed';

const RANK_ORDER: Record<SlotRank, number> = { load: 0, user: 1, contributed: 2 };

interface Waiter {
  rank: SlotRank;
  grant: () => void;
  reject: (err: unknown) => void;
}

export class RequestSlots {
  private active = 0;
  /** Sorted by rank, FIFO within a rank; the head is granted next. */
  private readonly waiting: Waiter[] = [];

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

  /** Waiting requests of one rank. */
  queuedOf(rank: SlotRank): number {
    return this.waiting.filter((w) => w.rank === rank).length;
  }

  /**
   * Resolves with a release function once a slot is free. A waiter goes behind every waiter of its
   * own or a higher rank and ahead of lower ranks. 'load' ignores the bound (model loads take every
   * slot so no request runs while the model changes).
   */
  acquire(signal?: AbortSignal, rank: SlotRank = 'contributed'): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortedError('inference request', signal.reason));
    if (this.active < this.concurrency) {
      this.active++;
      this.onChange();
      return Promise.resolve(this.releaser());
    }
    if (this.full(rank)) return Promise.reject(new QueueFullError(`inference queue is full (${this.maxQueued} waiting)`));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        this.onChange();
        reject(new AbortedError('inference request', signal?.reason));
      };
      const waiter: Waiter = {
        rank,
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
      const behind = this.waiting.findIndex((w) => RANK_ORDER[w.rank] > RANK_ORDER[rank]);
      if (behind < 0) this.waiting.push(waiter);
      else this.waiting.splice(behind, 0, waiter);
      this.onChange();
    });
  }

  /**
   * Contributed work is refused once `maxQueued` requests of any rank wait; the user's own requests
   * only when `maxQueued` of theirs (and loads) do, so others' work never locks the user out.
   */
  private full(rank: SlotRank): boolean {
    if (rank === 'load') return false;
    const counted = rank === 'user' ? this.waiting.filter((w) => w.rank !== 'contributed').length : this.waiting.length;
    return counted >= this.maxQueued;
  }

  /** Rejects everything still waiting (engine stopping). */
  rejectAll(err: unknown): void {
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.onChange();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
      this.onChange();
    };
  }
}
