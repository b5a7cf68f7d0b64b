import type { Peer } from '../../shared/snapshot.js';
import type { PeersChange } from '../../shared/slice-events.js';

/**
 * What changed in the peers list since the last diff: records whose content differs (an RSSI, a
 * route rank, last seen) are upserted whole, ids no longer listed are removed. Keeps one serialised
 * copy per peer, so a diff costs one JSON.stringify per peer.
 */
export class PeersDiff {
  private last = new Map<string, string>();

  /** The change from the previous call's list to this one (empty lists when nothing changed). */
  next(peers: readonly Peer[]): PeersChange {
    const now = new Map<string, string>();
    const upserted: Peer[] = [];
    for (const p of peers) {
      const text = JSON.stringify(p);
      now.set(p.id, text);
      if (this.last.get(p.id) !== text) upserted.push(p);
    }
    const removed = [...this.last.keys()].filter((id) => !now.has(id));
    this.last = now;
    return { upserted, removed };
  }
}
