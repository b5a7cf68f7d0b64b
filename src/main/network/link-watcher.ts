import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { LinkCheck } from './network-monitor.js';

/** What the watcher tells when the OS's link changes (NetworkMonitor implements it). */
export interface LinkListener {
  /** The link is gone: the coordinator counts as unreachable at once. */
  linkDown(detail: string): void;
  /** The link is back: send a heartbeat now instead of waiting for the next one. */
  checkNow(): Promise<unknown>;
}

export interface LinkWatcherOptions {
  hasLink: LinkCheck;
  listener: LinkListener;
  clock: Clock;
  logger: Logger;
  /** How often the link is read (default 1 s: a lost link is noticed within a second). */
  intervalMs?: number;
}

/**
 * Watches the OS's own network signal (interface state headless, `net.isOnline()` in Electron): read
 * every second on the injected clock, and pushed by `report()` when the OS sends an event. Only a
 * change is acted on: down → `linkDown`, up → `checkNow`. A read that throws counts as "no answer"
 * and changes nothing. Runs only while started (the network wiring starts it with the monitor).
 */
export class LinkWatcher implements Service {
  readonly name = 'link-watcher';
  private timer: TimerHandle | null = null;
  private running = false;
  private up: boolean | null = null;
  private readonly intervalMs: number;

  constructor(private readonly options: LinkWatcherOptions) {
    this.intervalMs = options.intervalMs ?? 1_000;
  }

  /** The last link state seen (null before the first read). */
  get linkUp(): boolean | null {
    return this.up;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.up = null;
    this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A change the OS pushed (e.g. an online/offline event): acted on at once. */
  report(up: boolean): void {
    if (this.running) this.observe(up);
  }

  private poll(): void {
    if (!this.running) return;
    const up = this.read();
    if (up !== null) this.observe(up);
    if (this.running) this.timer = this.options.clock.setTimeout(() => this.poll(), this.intervalMs);
  }

  private read(): boolean | null {
    try {
      return this.options.hasLink();
    } catch (err) {
      this.options.logger.log('warn', 'network.link_check_failed', { message: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  private observe(up: boolean): void {
    const before = this.up;
    this.up = up;
    if (before === up) return;
    if (!up) {
      this.options.logger.log('info', 'network.link_down', {});
      this.options.listener.linkDown('This computer lost its network connection.');
    } else if (before === false) {
      this.options.logger.log('info', 'network.link_up', {});
      void this.options.listener.checkNow().catch(() => undefined);
    }
  }
}
