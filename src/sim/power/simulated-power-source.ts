import { mainsNoBattery, PowerListeners, type PowerReading, type PowerSource, type ThermalState } from '../../main/power/power-source.js';

/**
 * A power source whose state is set by hand: tests drive the gate with it, and `--sim` uses it so the
 * demo can "unplug" a laptop. Same port as the system source.
 */
export class SimulatedPowerSource implements PowerSource {
  readonly name = 'power';
  private reading: PowerReading;
  private readonly listeners = new PowerListeners();

  constructor(initial: Partial<PowerReading> = {}) {
    this.reading = check({ ...mainsNoBattery, ...initial });
  }

  /** A laptop on its charger at `pct` %. */
  static laptop(pct = 80): SimulatedPowerSource {
    return new SimulatedPowerSource({ hasBattery: true, onACPower: true, batteryPct: pct, deviceType: 'laptop' });
  }

  async start(): Promise<void> {}

  /** Nothing of its own to end; listeners belong to their subscribers, who remove them. */
  async stop(): Promise<void> {}

  current(): PowerReading {
    return this.reading;
  }

  async refresh(): Promise<PowerReading> {
    return this.reading;
  }

  onChange(listener: (reading: PowerReading) => void): () => void {
    return this.listeners.add(listener);
  }

  unplug(): void {
    this.set({ onACPower: false });
  }

  plugIn(): void {
    this.set({ onACPower: true });
  }

  setBattery(pct: number): void {
    this.set({ batteryPct: pct });
  }

  setThermal(thermalState: ThermalState): void {
    this.set({ thermalState });
  }

  setLowPowerMode(lowPowerMode: boolean | null): void {
    this.set({ lowPowerMode });
  }

  set(patch: Partial<PowerReading>): void {
    const previous = this.reading;
    this.reading = check({ ...this.reading, ...patch });
    this.listeners.notify(previous, this.reading);
  }
}

function check(r: PowerReading): PowerReading {
  if (r.batteryPct !== null && !(r.batteryPct >= 0 && r.batteryPct <= 100)) throw new RangeError(`battery must be 0-100 %, got ${r.batteryPct}`);
  if (!r.hasBattery && !r.onACPower) throw new RangeError('a machine without a battery is always on mains power');
  return r;
}
