import type { NetworkSlice, NetworkState } from '../../shared/snapshot.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { HeartbeatHistory } from './heartbeat-history.js';

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
  /** A heartbeat unanswered after this long counts as failed (default 10 s; never more than the interval). */
  probeTimeoutMs?: number;
  /** Consecutive failed probes before the coordinator counts as lost (default 3 heartbeats 15 s apart: 45 s, so one flaky heartbeat never changes the mode). */
  failuresToOffline?: number;
}

export type NetworkTransition = 'lost' | 'restored';

/**
 * Decides whether the coordinator is reachable. Heartbeats go out every 15 s at a fixed rate (a slow
 * answer does not push the next one back); three consecutive failures mark it offline, one success
 * marks it online again, so a single flaky heartbeat never flaps the mode. The OS's own signal cuts the
 * wait short: `linkDown()` (or no interface at the next check) is offline at once.
 *
 * start() and stop() are idempotent; after stop() no heartbeat is sent and no timer is left.
 */
export class NetworkMonitor implements Service {
  readonly name = 'network';
  private state: NetworkSlice = { state: 'unknown', detail: 'Not checked yet.', checkedAt: null, heartbeats: [] };
  private readonly history = new HeartbeatHistory();
  private failures = 0;
  private timer: TimerHandle | null = null;
  private inFlight: { controller: AbortController; done: Promise<void> } | null = null;
  private running = false;
  private nextDue = 0;
  private readonly listeners = new Set<(state: NetworkSlice, transition: NetworkTransition | null) => void>();
  private readonly intervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly failuresToOffline: number;

  constructor(private readonly opts: NetworkMonitorOptions) {
    this.intervalMs = opts.intervalMs ?? 15_000;
    this.probeTimeoutMs = Math.min(opts.probeTimeoutMs ?? 10_000, this.intervalMs);
    this.failuresToOffline = opts.failuresToOffline ?? 3;
  }

  /** The state with the last heartbeats (oldest first), as the snapshot's network slice carries them. */
  get current(): NetworkSlice {
    return this.state;
  }

  get isRunning(): boolean {
    return this.running;
  }

  onChange(listener: (state: NetworkSlice, transition: NetworkTransition | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.nextDue = this.opts.clock.now();
    this.schedule();
  }

  async stop(): Promise<void> {
    if (!this.running) return this.settled();
    this.running = false;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.controller.abort(new Error('network monitor stopped'));
    await this.settled();
  }

  /** Resolves when no heartbeat is in flight. */
  async settled(): Promise<void> {
    await this.inFlight?.done;
  }

  /** The OS says the machine lost its link: the coordinator is unreachable now, no three-strikes wait. */
  linkDown(detail = 'This computer has no network connection.'): void {
    if (!this.running) return;
    this.inFlight?.controller.abort(new Error('network link lost'));
    this.failures = this.failuresToOffline;
    // The coordinator cannot be reached from now on: the timeline shows it at once, as a check would.
    this.history.failed(this.opts.clock.now(), 'no network connection');
    this.set({ state: 'offline', detail, checkedAt: this.opts.clock.now() });
  }

  /** Runs one check now (e.g. when the link returns); joins the one in flight. Nothing while stopped. */
  async checkNow(): Promise<NetworkState> {
    if (!this.running) return this.state;
    if (!this.inFlight) {
      const controller = new AbortController();
      const done = this.check(controller).finally(() => {
        if (this.inFlight?.controller === controller) this.inFlight = null;
      });
      this.inFlight = { controller, done };
    }
    await this.inFlight.done;
    return this.state;
  }

  /**
   * The coordinator changed (a new address): a heartbeat to the old one is abandoned, `prepare` points
   * the probe at the new one, earlier misses no longer count, and the new one is checked at once.
   * While stopped only `prepare` runs.
   */
  async retarget(prepare: () => void): Promise<NetworkState> {
    const old = this.inFlight;
    old?.controller.abort(new Error('the coordinator address changed'));
    await old?.done;
    prepare();
    if (!this.running) return this.state;
    this.failures = 0;
    return this.checkNow();
  }

  private async check(controller: AbortController): Promise<void> {
    const { clock } = this.opts;
    if (!this.opts.hasLink()) {
      this.failures = this.failuresToOffline;
      this.history.failed(clock.now(), 'no network connection');
      this.set({ state: 'offline', detail: 'This computer has no network connection.', checkedAt: clock.now() });
      return;
    }
    const sentAt = clock.now();
    try {
      await withDeadline((signal) => this.opts.probe(signal), {
        clock,
        ms: this.probeTimeoutMs,
        operation: 'coordinator heartbeat',
        signal: controller.signal,
      });
      if (!this.running || controller.signal.aborted) return;
      this.failures = 0;
      this.history.answered(clock.now(), clock.now() - sentAt);
      this.set({ state: 'online', detail: 'The coordinator answered the last heartbeat.', checkedAt: clock.now() });
    } catch (err) {
      // Stopped, or the link went down meanwhile (linkDown already said offline): nothing to count.
      if (!this.running || controller.signal.aborted) return;
      this.failures++;
      const why = err instanceof Error ? err.message : String(err);
      this.history.failed(clock.now(), why);
      this.opts.logger.log('warn', 'network.heartbeat_failed', { failures: this.failures, why });
      if (this.failures >= this.failuresToOffline) {
        this.set({ state: 'offline', detail: `${this.failures} heartbeats in a row failed (last: ${why}).`, checkedAt: clock.now() });
      } else if (this.state.state !== 'offline') {
        // Still counted as reachable: one or two misses are not a loss.
        this.set({ ...this.state, detail: `Heartbeat failed (${this.failures}/${this.failuresToOffline}): ${why}`, checkedAt: clock.now() });
      }
    }
  }

  /** Fixed rate: the next heartbeat is due one interval after the previous one was due. */
  private schedule(): void {
    if (!this.running) return;
    const { clock } = this.opts;
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      this.nextDue = Math.max(this.nextDue + this.intervalMs, clock.now());
      this.schedule();
      void this.checkNow();
    }, Math.max(0, this.nextDue - clock.now()));
  }

  private set(next: NetworkState): void {
    const before = this.state.state;
    this.state = { state: next.state, detail: next.detail, checkedAt: next.checkedAt, heartbeats: this.history.list() };
    const transition: NetworkTransition | null =
      before !== 'offline' && next.state === 'offline' ? 'lost' : before === 'offline' && next.state === 'online' ? 'restored' : null;
    if (transition) this.opts.logger.log('info', `network.${transition}`, { detail: next.detail });
    for (const listener of this.listeners) listener(this.state, transition);
  }
}
