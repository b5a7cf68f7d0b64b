/**
 * Moves pending ledger transactions to the coordinator (POST /credits/ble-sync) when told it is
 * reachable. Batches of `batchSize`; only ids the coordinator applied (or confirms it already holds,
 * reason "duplicate") become synced; other skipped ids are kept as rejected with their reason; ids the
 * reply does not mention stay pending. One sync in flight at most; failures retry with backoff on the
 * injected clock; a malformed reply is an error that changes nothing.
 */
import type { BackoffPolicy } from '../core/backoff.js';
import { backoffDelay } from '../core/backoff.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { LedgerSyncResult } from '../../shared/ledger-status.js';
import type { CallOptions } from '../coordinator-client/coordinator-client.js';
import type { BleSyncReply, BleSyncRequest } from '../coordinator-client/coordinator-schemas.js';
import type { LedgerStore } from './ledger-store.js';
import { toBleSyncTransaction } from './tx-types.js';

/** The one transport call the engine needs (CoordinatorClient implements it). */
export interface BleSyncTransport {
  bleSync(body: BleSyncRequest, opts?: CallOptions): Promise<BleSyncReply>;
}

export interface SyncEngineOptions {
  store: LedgerStore;
  transport: BleSyncTransport;
  clock: Clock;
  batchSize?: number;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  logger?: Logger;
}

export type SyncState = 'idle' | 'syncing' | 'waiting_retry' | 'offline';

export const syncBackoff: BackoffPolicy = { kind: 'exponential', baseMs: 1000, capMs: 60_000, jitter: 0.1, maxAttempts: Infinity };

export class LedgerSyncEngine implements Service {
  readonly name = 'ledger-sync';
  private reachable = false;
  private running = false;
  private inFlight: Promise<LedgerSyncResult> | null = null;
  private again = false;
  private attempt = 0;
  private retryTimer: TimerHandle | null = null;
  private nextRetryAt: number | null = null;
  private abort: AbortController | null = null;
  private last: LedgerSyncResult | null = null;
  private readonly resultListeners = new Set<(result: LedgerSyncResult) => void>();
  private readonly o: Required<Omit<SyncEngineOptions, 'logger'>> & { logger: Logger };

  constructor(opts: SyncEngineOptions) {
    this.o = { batchSize: 100, timeoutMs: 15_000, backoff: syncBackoff, random: Math.random, ...opts, logger: opts.logger ?? silentLogger };
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearRetry();
    this.abort?.abort(new Error('sync engine stopped'));
    await this.inFlight?.catch(() => undefined);
  }

  /** The network monitor says whether the coordinator answers; becoming reachable starts a sync. */
  setReachable(reachable: boolean): void {
    this.reachable = reachable;
    if (!reachable) {
      this.clearRetry();
      this.abort?.abort(new Error('coordinator unreachable'));
      return;
    }
    this.attempt = 0;
    this.trigger();
  }

  /** Called after every sync round (success or failure), e.g. to refresh the Credits panel. */
  onResult(listener: (result: LedgerSyncResult) => void): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  /** Call after recording a transaction: syncs soon if the coordinator is reachable. */
  notifyRecorded(): void {
    if (this.reachable && !this.retryTimer) this.trigger();
  }

  status(): { state: SyncState; lastResult: LedgerSyncResult | null; nextRetryAt: number | null } {
    const state: SyncState = this.inFlight ? 'syncing' : this.retryTimer ? 'waiting_retry' : this.reachable ? 'idle' : 'offline';
    return { state, lastResult: this.last, nextRetryAt: this.nextRetryAt };
  }

  private trigger(): void {
    if (!this.running) return;
    void this.syncNow().catch(() => undefined);
  }

  /** Runs one sync round now (or joins the one in flight, queueing one more round after it). */
  syncNow(): Promise<LedgerSyncResult> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.clearRetry();
    const run = this.round().finally(() => {
      this.inFlight = null;
      if (this.again && this.running && this.reachable) {
        this.again = false;
        this.trigger();
      }
    });
    this.inFlight = run;
    return run;
  }

  private async round(): Promise<LedgerSyncResult> {
    const { store, transport, clock, batchSize, timeoutMs, logger } = this.o;
    const result: LedgerSyncResult = { at: clock.now(), applied: 0, skipped: 0, rejected: 0, error: null };
    let unanswered = 0;
    let cursor = 0;
    this.abort = new AbortController();
    try {
      for (;;) {
        const batch = store.pending(batchSize, cursor);
        if (batch.length === 0) break;
        cursor = batch[batch.length - 1]?.seq ?? cursor;
        const reply = await transport.bleSync({ transactions: batch.map((b) => toBleSyncTransaction(b.tx)) }, { signal: this.abort.signal, timeoutMs });
        const entries: Array<{ txId: string; state: 'synced' | 'rejected'; reason: string | null }> = reply.applied.map((txId) => ({ txId, state: 'synced', reason: null }));
        for (const txId of reply.skipped) {
          const reason = reply.reasons?.[txId] ?? 'skipped_by_coordinator';
          entries.push(reason === 'duplicate' ? { txId, state: 'synced', reason } : { txId, state: 'rejected', reason });
        }
        store.settle(entries);
        result.applied += reply.applied.length;
        result.skipped += reply.skipped.length;
        result.rejected += entries.filter((e) => e.state === 'rejected').length;
        unanswered += batch.length - entries.length;
        logger.log('debug', 'ledger.sync.batch', { sent: batch.length, applied: reply.applied.length, skipped: reply.skipped.length });
      }
      if (unanswered > 0) throw new Error(`${unanswered} transaction(s) not acknowledged by the coordinator; will retry`);
      this.attempt = 0;
      logger.log('info', 'ledger.sync.done', { applied: result.applied, skipped: result.skipped, rejected: result.rejected });
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
      logger.log('warn', 'ledger.sync.failed', { error: result.error, applied: result.applied });
      this.scheduleRetry();
    } finally {
      this.abort = null;
      this.last = result;
      for (const listener of this.resultListeners) listener(result);
    }
    return result;
  }

  private scheduleRetry(): void {
    if (!this.running || !this.reachable) return;
    this.attempt++;
    const delay = backoffDelay(this.o.backoff, this.attempt, this.o.random);
    if (delay === null) return;
    this.clearRetry();
    this.nextRetryAt = this.o.clock.now() + delay;
    this.retryTimer = this.o.clock.setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      this.trigger();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
  }
}
