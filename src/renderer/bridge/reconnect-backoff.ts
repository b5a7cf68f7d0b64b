/**
 * When to try the host again after the WebSocket closed: exponential from `baseMs`, capped at `capMs`,
 * each delay jittered into [half, whole] so many tabs do not knock at once after a host restart.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** A number in [0, 1): Math.random in the page, a fixed sequence in tests. */
  random: () => number;
}

export const DEFAULT_BACKOFF: Omit<BackoffOptions, 'random'> = { baseMs: 500, capMs: 10_000 };

/** The wait before reconnect attempt `attempt` (0 = the first after a close). */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const ceiling = Math.min(o.capMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + o.random() * (ceiling / 2));
}

export interface ReconnectTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Calls `connect` again after each failure, waiting longer each time, until `connected()` says it
 * worked (which starts the schedule over). `stop()` ends it for good.
 */
export class Reconnector {
  private attempt = 0;
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly connect: () => void,
    private readonly timers: ReconnectTimers,
    private readonly backoff: BackoffOptions,
  ) {}

  /** The connection failed or closed: the next try is scheduled; returns its delay. */
  failed(): number {
    if (this.stopped || this.timer !== null) return 0;
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
    return delay;
  }

  connected(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
