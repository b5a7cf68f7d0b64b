/**
 * How long a connect to a peer may take. noble reports nothing for a connect to a device that stopped
 * advertising (carried away, switched off): it just never completes, and a connection slot is held
 * until the deadline. While the central scans, a device in range is heard many times a second (phones
 * advertise every 20 ms–1 s), so a peer not heard for `quietAfterMs`, or not heard since its link
 * dropped, has most likely gone: its connect gets the short deadline. A peer we cannot judge (not
 * scanning) or heard lately gets the full one. The short deadline is still well above a real connect to
 * an advertising device (tens to hundreds of ms), so a device merely quiet for a moment still connects.
 * quietAfterMs is above the RSSI poll period (5 s): a connected peer does not advertise and its lastSeen
 * moves only with the polls, so a peer we have just released is not judged gone by that gap alone.
 */

export interface QuietConnectRule {
  /** The full connect deadline (the GATT connect deadline, default 10 s). */
  fullMs: number;
  /** The deadline for a peer judged gone (default 2.5 s; never above fullMs). */
  quietMs: number;
  /** Not heard for longer than this while scanning: judged gone (default 6 s). */
  quietAfterMs: number;
}

export interface PeerHearing {
  /** The central is scanning now (otherwise silence says nothing). */
  scanning: boolean;
  /** Last advertisement or signal reading of the peer. */
  lastSeen: number;
  /** When its link last dropped without us closing it; null if never. */
  linkLostAt: number | null;
  now: number;
}

export const DEFAULT_QUIET_CONNECT = { quietMs: 2_500, quietAfterMs: 6_000 } as const;

/** The rule: the short deadline for a peer that has gone quiet while we scan, the full one otherwise. */
export function connectDeadlineMs(h: PeerHearing, rule: QuietConnectRule): number {
  const quick = Math.min(rule.quietMs, rule.fullMs);
  if (!h.scanning) return rule.fullMs;
  if (h.linkLostAt !== null && h.lastSeen <= h.linkLostAt) return quick;
  if (h.now - h.lastSeen > rule.quietAfterMs) return quick;
  return rule.fullMs;
}

/** When each peer's link last dropped unexpectedly, for connectDeadlineMs. */
export class LinkLosses {
  private readonly at = new Map<string, number>();

  lost(peerId: string, at: number): void {
    this.at.set(peerId, at);
  }

  forget(peerId: string): void {
    this.at.delete(peerId);
  }

  lastLoss(peerId: string): number | null {
    return this.at.get(peerId) ?? null;
  }
}
