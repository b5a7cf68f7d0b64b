/**
 * Group commit for the ledger: appends requested in the same event-loop turn (several BLE peers
 * finishing at once) share one SQLite transaction, i.e. one fsync. Each promise resolves only after
 * that commit, so "acknowledged ⇒ durable" still holds; a bad transaction fails alone (savepoint).
 */
import type { LedgerStore } from './ledger-store.js';
import type { LedgerTransaction } from './tx-types.js';

interface Waiter {
  tx: LedgerTransaction;
  resolve: (r: { seq: number; inserted: boolean }) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter {
  private queue: Waiter[] = [];
  private scheduled = false;

  constructor(
    private readonly store: LedgerStore,
    private readonly maxBatch = 512,
    private readonly schedule: (fn: () => void) => void = (fn) => setImmediate(fn),
  ) {}

  /** Resolves after the transaction is committed to disk (or rejects with why it was refused). */
  append(tx: LedgerTransaction): Promise<{ seq: number; inserted: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ tx, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.schedule(() => this.flush());
      }
    });
  }

  /** Commits everything queued now. */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      let outcomes: Array<{ ok: true; value: { seq: number; inserted: boolean } } | { ok: false; error: unknown }>;
      try {
        outcomes = this.store.db
          .transaction(() =>
            batch.map((w) => {
              try {
                return { ok: true as const, value: this.store.record(w.tx) };
              } catch (error) {
                return { ok: false as const, error };
              }
            }),
          )
          .immediate();
      } catch (error) {
        for (const w of batch) w.reject(error);
        continue;
      }
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o?.ok) w.resolve(o.value);
        else w.reject(o?.error ?? new Error('group commit lost an outcome'));
      });
    }
  }
}
