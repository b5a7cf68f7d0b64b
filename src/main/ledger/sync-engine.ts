/**
 * Moves pending ledger transactions to the coordinator (POST /credits/ble-sync) when told it is
 * reachable. Batches of `batchSize`, each carrying the parties' public keys when known (our own, and the
 * keys pinned in peer_keys) so the coordinator can settle for self-certifying agents that never
 * registered. Only ids the coordinator applied (or confirms it already holds, reason "duplicate") become
 * synced; a retryable reason (RETRYABLE_SYNC_REASONS, e.g. an agent not registered yet) leaves the
 * transaction pending and counts it as deferred; other skipped ids are kept as rejected with their
 * reason; ids the reply does not mention stay pending.
 *
 * One sync run at a time. Inside a run, up to `pipeline` (default 2) batch requests are outstanding:
 * batch N+1 is on the wire while batch N's reply is handled, and the local settlement of up to `pipeline`
 * replies shares one commit. The run pages by local seq (afterSeq), so
 * each pending transaction is sent at most once per run (a deferred one cannot loop), and exactly-once
 * still holds because the coordinator dedupes durably by txId. Failures retry with backoff on the
 * injected clock; a malformed reply is an error that changes nothing; deferred ones are retried after
 * `deferredRetryMs` (or on the next sync).
 */
import type { BackoffPolicy } from '../core/backoff.js';
import { backoffDelay } from '../core/backoff.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { LedgerSyncResult } from '../../shared/ledger-status.js';
import type { CallOptions } from '../coordinator-client/coordinator-client.js';
import type { BleSyncReply } from '../coordinator-client/coordinator-schemas.js';
import type { LedgerStore } from './ledger-store.js';
import type { BleSyncTransaction } from './tx-types.js';
import { classifyReply, wireTransaction } from './sync-wire.js';
import type { SettleEntry } from './sync-wire.js';

export { RETRYABLE_SYNC_REASONS } from './sync-wire.js';

/** The one transport call the engine needs (CoordinatorClient implements it). */
export interface BleSyncTransport {
  bleSync(body: { transactions: BleSyncTransaction[] }, opts?: CallOptions): Promise<BleSyncReply>;
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
  /** This install's public key (hex), sent with its own transactions. */
  selfPublicKeyHex?: string;
  /** Batch requests outstanding at once within a run (1 = strictly one after another). Default 2. */
  pipeline?: number;
  /** When some transactions were deferred, sync again after this long (default 5 min). */
  deferredRetryMs?: number;
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
  private retryIsDeferred = false;
  private nextRetryAt: number | null = null;
  private abort: AbortController | null = null;
  private last: LedgerSyncResult | null = null;
  private readonly resultListeners = new Set<(result: LedgerSyncResult) => void>();
  private readonly options: Required<Omit<SyncEngineOptions, 'logger' | 'selfPublicKeyHex'>> & { logger: Logger; selfPublicKeyHex: string | null };

  constructor(opts: SyncEngineOptions) {
    this.options = {
      batchSize: 100, timeoutMs: 15_000, backoff: syncBackoff, random: Math.random, pipeline: 2, deferredRetryMs: 300_000,
      ...opts, logger: opts.logger ?? silentLogger, selfPublicKeyHex: opts.selfPublicKeyHex ?? null,
    };
    if (!Number.isInteger(this.options.pipeline) || this.options.pipeline < 1) throw new Error('pipeline must be an integer >= 1');
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
    if (this.reachable && (!this.retryTimer || this.retryIsDeferred)) this.trigger();
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
    const { store, transport, clock, batchSize, timeoutMs, logger, pipeline } = this.options;
    const result: LedgerSyncResult = { at: clock.now(), applied: 0, skipped: 0, rejected: 0, deferred: 0, error: null };
    let unanswered = 0;
    let cursor = 0;
    let exhausted = false;
    const abort = new AbortController();
    this.abort = abort;
    const keys = new Map<string, string | null>();
    const outstanding: Array<{ sent: number; reply: Promise<BleSyncReply> }> = [];
    // Replies' settlements are committed together, once per `pipeline` replies (one fsync, not one each);
    // an unsettled reply only means those ids are resent and come back "duplicate".
    let unsettled: SettleEntry[] = [];
    let unsettledReplies = 0;
    const flush = (): void => {
      if (unsettled.length > 0) store.settle(unsettled);
      unsettled = [];
      unsettledReplies = 0;
    };
    const send = (): void => {
      const batch = store.pending(batchSize, cursor);
      if (batch.length === 0) {
        exhausted = true;
        return;
      }
      cursor = batch[batch.length - 1]?.seq ?? cursor;
      const reply = transport.bleSync({ transactions: batch.map((b) => wireTransaction(b.tx, store, this.options.selfPublicKeyHex, keys)) }, { signal: abort.signal, timeoutMs });
      reply.catch(() => undefined); // observed below; never an unhandled rejection while an earlier batch settles
      outstanding.push({ sent: batch.length, reply });
    };
    try {
      for (;;) {
        while (!exhausted && outstanding.length < pipeline) send();
        const head = outstanding.shift();
        if (!head) break;
        const reply = await head.reply;
        const { entries, rejected, deferred } = classifyReply(reply);
        unsettled.push(...entries);
        if (++unsettledReplies >= pipeline) flush();
        result.applied += reply.applied.length;
        result.skipped += reply.skipped.length;
        result.rejected += rejected;
        result.deferred += deferred;
        unanswered += head.sent - entries.length - deferred;
        logger.log('debug', 'ledger.sync.batch', { sent: head.sent, applied: reply.applied.length, skipped: reply.skipped.length, deferred });
      }
      flush();
      if (unanswered > 0) throw new Error(`${unanswered} transaction(s) not acknowledged by the coordinator; will retry`);
      this.attempt = 0;
      logger.log('info', 'ledger.sync.done', { applied: result.applied, skipped: result.skipped, rejected: result.rejected, deferred: result.deferred });
      if (result.deferred > 0) this.scheduleDeferredRetry();
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
      logger.log('warn', 'ledger.sync.failed', { error: result.error, applied: result.applied });
      // Let the other request finish (it has its own deadline); its transactions stay pending, and the
      // coordinator's txId dedupe makes resending them harmless.
      await Promise.allSettled(outstanding.map((o) => o.reply));
      try {
        flush();
      } catch (flushErr) {
        logger.log('warn', 'ledger.sync.settle_failed', { error: flushErr instanceof Error ? flushErr.message : String(flushErr) });
      }
      this.scheduleRetry();
    } finally {
      this.abort = null;
      this.last = result;
      for (const listener of this.resultListeners) listener(result);
    }
    return result;
  }

  private scheduleDeferredRetry(): void {
    if (!this.running || !this.reachable) return;
    this.clearRetry();
    this.retryIsDeferred = true;
    this.nextRetryAt = this.options.clock.now() + this.options.deferredRetryMs;
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      this.retryIsDeferred = false;
      this.trigger();
    }, this.options.deferredRetryMs);
  }

  private scheduleRetry(): void {
    if (!this.running || !this.reachable) return;
    this.attempt++;
    const delay = backoffDelay(this.options.backoff, this.attempt, this.options.random);
    if (delay === null) return;
    this.clearRetry();
    this.nextRetryAt = this.options.clock.now() + delay;
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      this.trigger();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryIsDeferred = false;
    this.nextRetryAt = null;
  }
}
