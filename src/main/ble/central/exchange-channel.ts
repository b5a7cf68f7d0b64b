/**
 * One request/response exchange at a time over a characteristic pair: the caller's request is written
 * only when the previous exchange is done, and the response is accepted only if its id matches.
 * Responses with another id (a late answer to a timed-out request) are dropped and reported.
 */
import { AbortedError } from '../../core/deadline.js';

interface Pending<T> {
  id: string;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export class ExchangeChannel<T> {
  private pending: Pending<T> | null = null;
  private busy = false;
  private readonly queue: Array<{ go: () => void; fail: (err: unknown) => void }> = [];

  constructor(
    readonly name: string,
    private readonly idOf: (message: T) => string,
    private readonly onDrop: (code: string, detail: Record<string, string>) => void,
  ) {}

  get inFlight(): boolean {
    return this.busy;
  }

  /**
   * Waits its turn, registers the expected id, runs `send`, then resolves with the matching response.
   * Aborting `signal` (deadline or caller) releases the turn and forgets the expected id.
   */
  async run(id: string, send: () => Promise<void>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      const response = new Promise<T>((resolve, reject) => {
        this.pending = { id, resolve, reject };
      });
      // Observed at once: the link can close (rejecting it) while the request is still being written,
      // before anything awaits the response; that must not be an unhandled rejection.
      response.catch(() => undefined);
      const onAbort = (): void => this.pending?.reject(new AbortedError(`${this.name} ${id}`, signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        if (signal.aborted) throw new AbortedError(`${this.name} ${id}`, signal.reason); // aborted while we waited for the turn
        await send();
        return await response;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      this.pending = null;
      this.release();
    }
  }

  /** A complete, schema-valid response arrived. */
  deliver(message: T): void {
    const id = this.idOf(message);
    if (!this.pending) {
      this.onDrop('unsolicited-response', { channel: this.name, id });
      return;
    }
    if (id !== this.pending.id) {
      this.onDrop('unexpected-id', { channel: this.name, id, expected: this.pending.id });
      return;
    }
    this.pending.resolve(message);
  }

  /** The response stream broke (bad frame, bad JSON): fail the waiting exchange now. */
  fail(err: unknown): void {
    this.pending?.reject(err);
  }

  /** The link is gone: fail the exchange in flight and everyone queued. */
  close(err: unknown): void {
    this.pending?.reject(err);
    for (const q of this.queue.splice(0)) q.fail(err);
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new AbortedError(this.name, signal.reason));
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        go: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new AbortedError(this.name, signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next.go();
    else this.busy = false;
  }
}
