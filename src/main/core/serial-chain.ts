/**
 * Runs changes one after another: each starts only when the one queued before it has settled, so a
 * quick On → Off → On never has two changes half done at once. A change that fails does not stop the
 * next; its own promise rejects, for the caller that queued it to see.
 */
export class SerialChain {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(change: () => Promise<T>): Promise<T> {
    const result = this.tail.then(change);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
