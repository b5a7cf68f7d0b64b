import type { NetworkState } from '../../shared/snapshot.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';

/** One reachability check of the coordinator (a heartbeat); rejects when it is not reachable. */
export type CoordinatorProbe = (signal: AbortSignal) => Promise<void>;

/** The OS's own view: false when the machine has no usable network interface at all. */
export type LinkCheck = () => boolean;

export interface NetworkMonitorOptions {
  probe: CoordinatorProbe;
  hasLink: LinkCheck;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  probeTimeoutMs?: number;
  /** Consecutive failed probes before the coordinator counts as lost (seed 000: 3 × 15 s). */
  failuresToOffline?: number;
}

export type NetworkTransition = 'lost' | 'restored';

/**
 * Decides whether the coordinator is reachable. Three consecutive failed heartbeats, 15 s apart, mark
 * it offline; one success marks it online again. A machine with no network interface at all is
 * offline at once (the OS signal cuts the wait short), but a single flaky heartbeat changes nothing,
 * so the mode never flaps.
 */
export class NetworkMonitor implements Service {
  readonly name = 'network';
  private state: NetworkState = { state: 'unknown', detail: 'Not checked yet.', checkedAt: null };
  private failures = 0;
  private timer: TimerHandle | null = null;
  private inFlight: AbortController | null = null;
  private running = false;
  private readonly listeners = new Set<(state: NetworkState, transition: NetworkTransition | null) => void>();
  private readonly intervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly failuresToOffline: number;

  constructor(private readonly opts: NetworkMonitorOptions) {
    this.intervalMs = opts.intervalMs ?? 15_000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 10_000;
    this.failuresToOffline = opts.failuresToOffline ?? 3;
  }

  get current(): NetworkState {
    return this.state;
  }

  onChange(listener: (state: NetworkState, transition: NetworkTransition | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort(new Error('network monitor stopped'));
  }

  /** Runs one check now (also used when the OS reports a network change). */
  async checkNow(): Promise<NetworkState> {
    if (this.inFlight) return this.state;
    const { clock } = this.opts;
    if (!this.opts.hasLink()) {
      this.failures = this.failuresToOffline;
      this.set({ state: 'offline', detail: 'This computer has no network connection.', checkedAt: clock.now() });
      return this.state;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      await withDeadline((signal) => this.opts.probe(signal), {
        clock,
        ms: this.probeTimeoutMs,
        operation: 'coordinator heartbeat',
        signal: controller.signal,
      });
      this.failures = 0;
      this.set({ state: 'online', detail: 'The coordinator answered the last heartbeat.', checkedAt: clock.now() });
    } catch (err) {
      if (!this.running) return this.state;
      this.failures++;
      const why = err instanceof Error ? err.message : String(err);
      this.opts.logger.log('warn', 'network.heartbeat_failed', { failures: this.failures, why });
      if (this.failures >= this.failuresToOffline) {
        this.set({ state: 'offline', detail: `${this.failures} heartbeats in a row failed (last: ${why}).`, checkedAt: clock.now() });
      } else if (this.state.state !== 'offline') {
        // Still counted as reachable: one or two misses are not a loss.
        this.set({ ...this.state, detail: `Heartbeat failed (${this.failures}/${this.failuresToOffline}): ${why}`, checkedAt: clock.now() });
      }
    } finally {
      this.inFlight = null;
    }
    return this.state;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.opts.clock.setTimeout(() => {
      void this.checkNow().finally(() => this.schedule(this.intervalMs));
    }, ms);
  }

  private set(next: NetworkState): void {
    const before = this.state.state;
    this.state = next;
    const transition: NetworkTransition | null =
      before !== 'offline' && next.state === 'offline' ? 'lost' : before === 'offline' && next.state === 'online' ? 'restored' : null;
    if (transition) this.opts.logger.log('info', `network.${transition}`, { detail: next.detail });
    for (const listener of this.listeners) listener(next, transition);
  }
}
