/** Bad peer input the central dropped: a counter per reason code and the last few, for the status snapshot. */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { DroppedInput } from './central-types.js';

export class BadInputLog {
  private readonly counts: Record<string, number> = {};
  private readonly recent: DroppedInput[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly keep = 20,
  ) {}

  record(code: string, fields: Record<string, unknown>): void {
    this.counts[code] = (this.counts[code] ?? 0) + 1;
    const peerId = typeof fields.peerId === 'string' ? fields.peerId : null;
    this.recent.push({ code, peerId, message: String(fields.message ?? fields.id ?? ''), at: this.clock.now() });
    if (this.recent.length > this.keep) this.recent.shift();
    this.log.log('warn', 'ble.peer.bad-input', { code, ...fields });
  }

  counters(): Record<string, number> {
    return { ...this.counts };
  }

  latest(): DroppedInput[] {
    return [...this.recent];
  }
}
