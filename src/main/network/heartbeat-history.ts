import { HEARTBEAT_HISTORY_LIMIT, type HeartbeatResult } from '../../shared/snapshot.js';

/**
 * The last heartbeats the network monitor sent, answered or failed, oldest first and bounded (the
 * header's timeline). A heartbeat cut short because the monitor stopped or the link went down is not
 * a result and is never recorded here.
 */
export class HeartbeatHistory {
  private readonly results: HeartbeatResult[] = [];

  constructor(private readonly limit = HEARTBEAT_HISTORY_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`heartbeat history limit must be a positive integer, got ${limit}`);
  }

  answered(at: number, ms: number): void {
    this.push({ at, ok: true, ms: Math.max(0, Math.round(ms)), error: null });
  }

  failed(at: number, error: string): void {
    this.push({ at, ok: false, ms: null, error });
  }

  /** A copy, oldest first. */
  list(): HeartbeatResult[] {
    return [...this.results];
  }

  private push(result: HeartbeatResult): void {
    this.results.push(result);
    if (this.results.length > this.limit) this.results.splice(0, this.results.length - this.limit);
  }
}
