/**
 * Devices that went away are not tried first again. A nearby device whose attempt timed out or whose
 * link was lost counts as unreachable until it is heard from after that failure (a newer advertisement
 * or signal reading moves its lastSeenAt past it) or `forgetAfterMs` pass. A phone carried away stays
 * in the peer table for 60 s; without this rule each request would spend a connect timeout on it
 * first. Unreachable devices are still tried, after every other one. Serving clears the mark.
 * A timeout counts only when the device had the attempt's full time: one cut off by the request's
 * overall deadline (or given a shorter window because the deadline was near) was slow, not gone.
 */
import type { RouteAttempt } from '../../shared/routing.js';
import type { RankedCandidate, RouteCandidate } from './route-types.js';

const GONE_OUTCOMES: ReadonlySet<RouteAttempt['outcome']> = new Set(['timeout', 'link-lost']);

export class UnreachableDevices {
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly forgetAfterMs = 60_000) {}

  /**
   * What one attempt on a nearby device says about whether it is still there. `cutShort`: the
   * attempt's window was shortened or ended by the request's overall deadline.
   */
  note(candidate: Pick<RouteCandidate, 'id' | 'kind'>, outcome: RouteAttempt['outcome'], at: number, cutShort = false): void {
    if (candidate.kind === 'this-computer') return;
    if (outcome === 'served') this.failedAt.delete(candidate.id);
    else if (outcome === 'timeout' && cutShort) return;
    else if (GONE_OUTCOMES.has(outcome)) this.failedAt.set(candidate.id, at);
  }

  isUnreachable(c: Pick<RouteCandidate, 'id' | 'lastSeenAt'>, now: number): boolean {
    const at = this.failedAt.get(c.id);
    if (at === undefined) return false;
    if (c.lastSeenAt > at || now - at > this.forgetAfterMs) {
      this.failedAt.delete(c.id);
      return false;
    }
    return true;
  }

  /** The ranking with unreachable devices moved after the others (each group keeps its order). */
  order(ranked: readonly RankedCandidate[], now: number): RankedCandidate[] {
    const unreachable = ranked.filter((r) => this.isUnreachable(r.candidate, now));
    return [...ranked.filter((r) => !unreachable.includes(r)), ...unreachable];
  }
}
