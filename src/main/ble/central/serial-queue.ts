/** Runs async jobs one after another; a job whose signal aborted while it waited is skipped. */
import { AbortedError } from '../../core/deadline.js';

export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  async run(what: string, signal: AbortSignal, job: () => Promise<void>): Promise<void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    try {
      await previous;
      if (signal.aborted) throw new AbortedError(what, signal.reason);
      await job();
    } finally {
      release();
    }
  }
}
