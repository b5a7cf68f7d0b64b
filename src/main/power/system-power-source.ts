import si from 'systeminformation';
import type { Clock, TimerHandle } from '../core/clock.js';
import { withDeadline } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import { mainsNoBattery, PowerListeners, type PowerReading, type PowerSource, type ThermalState } from './power-source.js';

/** The part of systeminformation's battery() answer this source reads. */
export interface BatteryInfo {
  hasBattery: boolean;
  isCharging: boolean;
  acConnected: boolean;
  percent: number;
}

export const POWER_POLL_MS = 60_000;
export const BATTERY_READ_TIMEOUT_MS = 10_000;

/** What the OS shell knows sooner than a poll (Electron's powerMonitor): pushed in by the shell adapter. */
export type PowerHint = Partial<Pick<PowerReading, 'onACPower' | 'thermalState' | 'lowPowerMode'>>;

/**
 * The real power source: systeminformation's battery() (headless on macOS, Windows and Linux), read at
 * start, every 60 s on the injected clock and on demand, each read bounded by a timeout. No battery is
 * "mains, no battery" on a workstation. Thermal and low-power state come only from hints (Electron).
 */
export class SystemPowerSource implements PowerSource {
  readonly name = 'power';
  private reading: PowerReading = mainsNoBattery;
  private thermalState: ThermalState = 'nominal';
  private lowPowerMode: boolean | null = null;
  private readonly listeners = new PowerListeners();
  private timer: TimerHandle | null = null;
  private inFlight: Promise<PowerReading> | null = null;
  private running = false;

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      readBattery?: () => Promise<BatteryInfo>;
      pollMs?: number;
      timeoutMs?: number;
    },
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.refresh();
    this.schedule();
  }

  /** Ends its own polling; listeners belong to their subscribers, who remove them (a restart keeps them). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  current(): PowerReading {
    return this.reading;
  }

  onChange(listener: (reading: PowerReading) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Reads the battery now (one read at a time); a failed or slow read keeps the last reading. */
  refresh(): Promise<PowerReading> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Applies what the shell heard (e.g. `on-battery`) at once, then reads the battery to confirm. */
  hint(hint: PowerHint): void {
    if (hint.thermalState) this.thermalState = hint.thermalState;
    if (hint.lowPowerMode !== undefined) this.lowPowerMode = hint.lowPowerMode;
    const onACPower = hint.onACPower !== undefined && this.reading.hasBattery ? hint.onACPower : this.reading.onACPower;
    this.replace({ ...this.reading, onACPower, thermalState: this.thermalState, lowPowerMode: this.lowPowerMode });
    void this.refresh();
  }

  private async read(): Promise<PowerReading> {
    const { clock, logger } = this.deps;
    try {
      const info = await withDeadline(this.deps.readBattery?.() ?? si.battery(), {
        clock,
        ms: this.deps.timeoutMs ?? BATTERY_READ_TIMEOUT_MS,
        operation: 'battery read',
      });
      this.replace({ ...readingFrom(info), thermalState: this.thermalState, lowPowerMode: this.lowPowerMode });
    } catch (err) {
      logger.log('warn', 'power.read_failed', { message: err instanceof Error ? err.message : String(err) });
    }
    return this.reading;
  }

  /** Holds the new reading first, then tells listeners (they read current()). */
  private replace(next: PowerReading): void {
    const previous = this.reading;
    this.reading = next;
    this.listeners.notify(previous, next);
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.deps.clock.setTimeout(() => {
      void this.refresh().finally(() => this.schedule());
    }, this.deps.pollMs ?? POWER_POLL_MS);
  }
}

/** systeminformation's answer → a reading (thermal and low-power are filled by the caller). */
export function readingFrom(info: BatteryInfo): PowerReading {
  if (!info.hasBattery) return mainsNoBattery;
  const pct = Number.isFinite(info.percent) ? Math.min(100, Math.max(0, Math.round(info.percent))) : null;
  return {
    hasBattery: true,
    // Some systems report a full battery on its charger as not charging: acConnected still says mains.
    onACPower: info.acConnected || info.isCharging,
    batteryPct: pct,
    thermalState: 'nominal',
    lowPowerMode: null,
    deviceType: 'laptop',
  };
}
