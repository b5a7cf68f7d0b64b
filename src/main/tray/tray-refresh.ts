/**
 * When the tray menu is rebuilt. The tray shows the mode, the worker, the network, credits pending and
 * how many devices are nearby (tray-model.ts), so it is rebuilt after an app event that may change one
 * of those: never for the Model panel's list or an Activity line, and for a peers change only when the
 * number of nearby devices changed (200 devices updating their signal rebuild nothing). Any other event
 * (mode, worker, network, bluetooth, credits, model, routing…) rebuilds it.
 */

/** Events whose payload the tray shows nothing of. */
const ignored: ReadonlySet<string> = new Set(['models', 'activity']);

export class TrayRefresh {
  private shownPeers: number;

  /** `peers`: the number of nearby devices in the snapshot the tray was first built from. */
  constructor(peers = 0) {
    this.shownPeers = peers;
  }

  /** After the app event `eventName`, with `peers` nearby devices in the snapshot now: rebuild the menu? */
  shouldRebuild(eventName: string, peers: number): boolean {
    const before = this.shownPeers;
    this.shownPeers = peers;
    if (ignored.has(eventName)) return false;
    return eventName !== 'peers' || peers !== before;
  }
}
