/**
 * RSSI of connected peers: a connected peripheral stops advertising, so its signal (and its lastSeen,
 * which keeps it from eviction) comes from periodic HCI Read RSSI. A poll that times out means the link
 * is dead (noble would never say so): the link is closed.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { PeerLink } from './peer-link.js';

export class RssiPoller {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly links: () => PeerLink[],
    private readonly onRssi: (peerId: string, rssi: number) => void,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      for (const link of this.links()) {
        link.updateRssi().then(
          (rssi) => this.onRssi(link.peerId, rssi),
          (err: unknown) => link.close(`rssi poll failed: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
      this.start();
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
