/**
 * Keeps one inference host process alive: spawns it on demand, respawns it after a crash (at once
 * the first time, then with backoff; after too many crashes in a row it waits until someone needs
 * a host again), and shuts it down gracefully with a kill as the fallback.
 */
import { backoffDelay, defaultBackoff } from '../core/backoff.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import type { HostExit, HostTransport } from './host-channel.js';
import { HostLink, describeExit } from './host-link.js';

export interface SupervisorOptions {
  transport: HostTransport;
  clock: Clock;
  log: Logger;
  /** Crashes in a row after which the host is no longer respawned by itself; default 5. */
  maxAutoRestarts?: number;
  readyTimeoutMs?: number;
  /** Called after every unexpected exit (the respawn, if any, is already scheduled). */
  onCrash: (exit: HostExit, reason: string) => void;
}

export class HostSupervisor {
  private link: HostLink | null = null;
  private respawnTimer: TimerHandle | null = null;
  private stopped = false;
  crashesInARow = 0;
  restarts = 0;

  constructor(private readonly opts: SupervisorOptions) {}

  get pid(): number | undefined {
    return this.link && !this.link.exited ? this.link.pid : undefined;
  }

  /** The live host, spawning one now if there is none (or only a dead one). */
  current(): HostLink {
    this.stopped = false;
    if (this.link && !this.link.exited) return this.link;
    if (this.respawnTimer) this.opts.clock.clearTimeout(this.respawnTimer);
    this.respawnTimer = null;
    const link: HostLink = new HostLink(
      this.opts.transport,
      (exit) => this.onExit(link, exit),
      (detail) => this.opts.log.log('warn', 'host.invalid-message', { detail }),
    );
    this.link = link;
    return link;
  }

  /** The live host once it said it is ready. */
  async ready(): Promise<HostLink> {
    const link = this.current();
    const ms = this.opts.readyTimeoutMs ?? 60_000;
    await withDeadline(link.ready, { clock: this.opts.clock, ms, operation: 'starting the inference host', onCancel: () => link.kill() });
    return link;
  }

  /** A request or load succeeded: the host is healthy again. */
  healthy(): void {
    this.crashesInARow = 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.respawnTimer) this.opts.clock.clearTimeout(this.respawnTimer);
    this.respawnTimer = null;
    const link = this.link;
    this.link = null;
    if (!link || link.exited) return;
    link.send({ type: 'shutdown' });
    await withDeadline(link.closed, { clock: this.opts.clock, ms: 3000, operation: 'inference host shutdown' }).catch(() => link.kill());
  }

  private onExit(link: HostLink, exit: HostExit): void {
    if (this.stopped || this.link !== link) return;
    this.crashesInARow++;
    this.restarts++;
    const reason = describeExit(exit);
    const max = this.opts.maxAutoRestarts ?? 5;
    if (this.crashesInARow === 1) this.current();
    else if (this.crashesInARow < max) {
      const delay = backoffDelay({ ...defaultBackoff, maxAttempts: max }, this.crashesInARow - 1) ?? defaultBackoff.capMs;
      this.respawnTimer = this.opts.clock.setTimeout(() => {
        this.respawnTimer = null;
        if (!this.stopped) this.current();
      }, delay);
    }
    this.opts.log.log('error', 'host.exited', { reason, crashesInARow: this.crashesInARow, respawn: this.crashesInARow < max });
    this.opts.onCrash(exit, reason);
  }
}
