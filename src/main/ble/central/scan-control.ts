/**
 * Keeps noble's scan (both profiles' service UUIDs, duplicates allowed for RSSI) in line with what the
 * mode service asked for: starts or stops it once the adapter is ready, under a 5 s deadline, and resumes
 * it a second after noble (or the OS) stopped it on its own.
 */
import type { Clock } from '../../core/clock.js';
import { withDeadline } from '../../core/deadline.js';
import type { Logger } from '../../core/logger.js';
import { LOCAL_SERVICE, MESH_SERVICE } from '../protocol/index.js';
import type { NobleLike } from './noble-port.js';

export interface ScanControlDeps {
  clock: Clock;
  log: Logger;
  /** The attached noble, or null while the central is stopped / unavailable. */
  noble: () => NobleLike | null;
  /** Whether the adapter is powered on and the central ready. */
  ready: () => boolean;
}

export class ScanControl {
  /** What the mode service asked for. */
  requested = false;
  /** Whether noble is scanning right now. */
  scanning = false;

  constructor(private readonly deps: ScanControlDeps) {}

  async set(on: boolean): Promise<void> {
    this.requested = on;
    await this.apply();
  }

  /** Starts or stops the scan if it differs from the request; failures are logged, not thrown. */
  async apply(): Promise<void> {
    const noble = this.deps.noble();
    if (!noble || !this.deps.ready() || this.requested === this.scanning) return;
    const on = this.requested;
    try {
      await withDeadline(() => (on ? noble.startScanningAsync([MESH_SERVICE.noble, LOCAL_SERVICE.noble], true) : noble.stopScanningAsync()), {
        clock: this.deps.clock, ms: 5_000, operation: on ? 'start scanning' : 'stop scanning',
      });
      this.scanning = on;
    } catch (err) {
      this.deps.log.log('warn', 'ble.scan.failed', { on, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** noble's `scanStop`: keep the flag true to reality and resume if still wanted. */
  stoppedByNoble(): void {
    this.scanning = false;
    this.deps.clock.setTimeout(() => void this.apply(), 1_000);
  }

  /** The adapter went off: noble scans no more. */
  adapterOff(): void {
    this.scanning = false;
  }

  /** The central stops: drop the request and stop a running scan (errors ignored). */
  async halt(): Promise<void> {
    this.requested = false;
    const noble = this.deps.noble();
    if (noble && this.scanning) await noble.stopScanningAsync().catch(() => undefined);
    this.scanning = false;
  }
}
