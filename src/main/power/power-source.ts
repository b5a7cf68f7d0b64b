import type { Service } from '../core/service.js';

/** The OS thermal pressure levels (macOS names; other systems map onto them). */
export type ThermalState = 'nominal' | 'fair' | 'serious' | 'critical';

/**
 * What this computer's power looks like now. One reading feeds the admission gate's power policy, the
 * heartbeat's power telemetry and the capabilities advertised to nearby devices.
 */
export interface PowerReading {
  hasBattery: boolean;
  /** On mains power (a machine without a battery always is). */
  onACPower: boolean;
  /** Charge in percent; null without a battery or when the OS does not say. */
  batteryPct: number | null;
  thermalState: ThermalState;
  /** The OS's low-power / battery-saver mode; null where the OS does not report one. */
  lowPowerMode: boolean | null;
  deviceType: 'laptop' | 'workstation';
}

/** A port: the system's battery (systeminformation + Electron's events) or a settable one (tests, demo). */
export interface PowerSource extends Service {
  /** The latest reading (never throws; before the first read it is "mains, no battery"). */
  current(): PowerReading;
  /** Reads the hardware again now; resolves with the new reading. */
  refresh(): Promise<PowerReading>;
  /** Called with the new reading whenever any field changed. */
  onChange(listener: (reading: PowerReading) => void): () => void;
}

/** A machine without a battery: a desktop, a server, this CI box. Not an error. */
export const mainsNoBattery: PowerReading = Object.freeze({
  hasBattery: false,
  onACPower: true,
  batteryPct: null,
  thermalState: 'nominal',
  lowPowerMode: null,
  deviceType: 'workstation',
});

/** "mains, no battery", "on battery (42 %)", "charging (80 %)": for Activity and reasons. */
export function describePower(r: PowerReading): string {
  if (!r.hasBattery) return 'mains, no battery';
  const pct = r.batteryPct === null ? '' : ` (${r.batteryPct} %)`;
  return r.onACPower ? `on mains${pct}` : `on battery${pct}`;
}

export function sameReading(a: PowerReading, b: PowerReading): boolean {
  return (
    a.hasBattery === b.hasBattery && a.onACPower === b.onACPower && a.batteryPct === b.batteryPct &&
    a.thermalState === b.thermalState && a.lowPowerMode === b.lowPowerMode && a.deviceType === b.deviceType
  );
}

/** Keeps listeners and publishes only real changes; both sources build on it. */
export class PowerListeners {
  private readonly listeners = new Set<(reading: PowerReading) => void>();

  add(listener: (reading: PowerReading) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners when `next` differs from `previous`; call after the source holds `next`. */
  notify(previous: PowerReading, next: PowerReading): void {
    if (!sameReading(previous, next)) for (const l of [...this.listeners]) l(next);
  }
}
