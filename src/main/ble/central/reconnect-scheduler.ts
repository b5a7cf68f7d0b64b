/**
 * Per-peer reconnect timing (Edge Workflow Agent policy): after a failed connect or a lost link, the next
 * attempt waits backoffDelay(policy, attempt); success resets the count; exhausted attempts give up.
 * A peer given up on is due for a fresh round `retryAfterGiveUpMs` later (the central starts one when it
 * hears the peer advertise again: a phone carried out of reach and back is used again).
 */
import type { BackoffPolicy } from '../../core/backoff.js';
import { backoffDelay } from '../../core/backoff.js';
import type { Clock, TimerHandle } from '../../core/clock.js';

export interface ReconnectSchedulerOptions {
  clock: Clock;
  policy: BackoffPolicy;
  random?: () => number;
  /** Runs the attempt; its failure must be reported back with failed(). */
  attempt: (peerId: string) => void;
  /** Called once attempts are exhausted. */
  onGiveUp?: (peerId: string, attempts: number) => void;
  /** After giving up, how long before a fresh round of attempts is due (default 60 s). */
  retryAfterGiveUpMs?: number;
}

export class ReconnectScheduler {
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly gaveUpAt = new Map<string, number>();

  constructor(private readonly opts: ReconnectSchedulerOptions) {}

  /** Records a failure and schedules the next attempt; returns its delay, or null when giving up. */
  failed(peerId: string): number | null {
    const attempt = (this.failures.get(peerId) ?? 0) + 1;
    this.failures.set(peerId, attempt);
    this.cancelTimer(peerId);
    const delay = backoffDelay(this.opts.policy, attempt, this.opts.random);
    if (delay === null) {
      this.gaveUpAt.set(peerId, this.opts.clock.now());
      this.opts.onGiveUp?.(peerId, attempt - 1);
      return null;
    }
    this.timers.set(peerId, this.opts.clock.setTimeout(() => {
      this.timers.delete(peerId);
      this.opts.attempt(peerId);
    }, delay));
    return delay;
  }

  /** A connection worked: forget the failures. */
  succeeded(peerId: string): void {
    this.failures.delete(peerId);
    this.gaveUpAt.delete(peerId);
    this.cancelTimer(peerId);
  }

  /** Given up on at least `retryAfterGiveUpMs` ago: a fresh round may start (forget() it first). */
  retryDue(peerId: string): boolean {
    const at = this.gaveUpAt.get(peerId);
    return at !== undefined && this.opts.clock.now() - at >= (this.opts.retryAfterGiveUpMs ?? 60_000);
  }

  /** Forget a peer entirely (evicted, stopped). */
  forget(peerId: string): void {
    this.succeeded(peerId);
  }

  failuresOf(peerId: string): number {
    return this.failures.get(peerId) ?? 0;
  }

  isScheduled(peerId: string): boolean {
    return this.timers.has(peerId);
  }

  clear(): void {
    for (const id of [...this.timers.keys()]) this.cancelTimer(id);
    this.failures.clear();
    this.gaveUpAt.clear();
  }

  private cancelTimer(peerId: string): void {
    const t = this.timers.get(peerId);
    if (t !== undefined) this.opts.clock.clearTimeout(t);
    this.timers.delete(peerId);
  }
}
