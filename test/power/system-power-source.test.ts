import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { mainsNoBattery, type PowerReading } from '../../src/main/power/power-source.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { POWER_POLL_MS, SystemPowerSource, type BatteryInfo } from '../../src/main/power/system-power-source.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function started(source: SystemPowerSource): SystemPowerSource {
  stops.push(() => source.stop());
  return source;
}

const battery = (patch: Partial<BatteryInfo>): BatteryInfo => ({ hasBattery: true, isCharging: false, acConnected: false, percent: 50, ...patch });

describe('system power source', () => {
  it('on this machine (no battery) reads "mains, no battery" through the real systeminformation, without error', async () => {
    const logger = memoryLogger();
    const source = started(new SystemPowerSource({ clock: new ManualClock(), logger }));
    await source.start();
    expect(source.current()).toEqual(mainsNoBattery);
    expect(logger.lines.filter((l) => l.event === 'power.read_failed')).toEqual([]);
  });

  it('polls every 60 s on the injected clock and reports a change once', async () => {
    const clock = new ManualClock();
    let info = battery({ acConnected: true, percent: 80.4 });
    const source = started(new SystemPowerSource({ clock, logger: memoryLogger(), readBattery: async () => info }));
    await source.start();
    expect(source.current()).toMatchObject({ hasBattery: true, onACPower: true, batteryPct: 80, deviceType: 'laptop' });
    const seen: PowerReading[] = [];
    source.onChange((r) => seen.push(r));
    info = battery({ acConnected: false, percent: 42 });
    await clock.advance(POWER_POLL_MS - 1);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen.map((r) => [r.onACPower, r.batteryPct])).toEqual([[false, 42]]);
    await clock.advance(POWER_POLL_MS);
    expect(seen).toHaveLength(1);
  });

  it("stop() ends its own polling only: a subscriber's listener stays until the subscriber removes it", async () => {
    const clock = new ManualClock();
    let info = battery({ acConnected: true, percent: 80 });
    const source = started(new SystemPowerSource({ clock, logger: memoryLogger(), readBattery: async () => info }));
    await source.start();
    const seen: PowerReading[] = [];
    const off = source.onChange((r) => seen.push(r));
    await source.stop();
    expect(clock.pending).toBe(0);
    info = battery({ acConnected: false, percent: 42 });
    await source.start();
    expect(seen.map((r) => [r.onACPower, r.batteryPct])).toEqual([[false, 42]]);
    off();
    info = battery({ acConnected: true, percent: 50 });
    await source.refresh();
    expect(seen).toHaveLength(1);
  });

  it('a battery read that never answers times out and keeps the last reading', async () => {
    const clock = new ManualClock();
    const logger = memoryLogger();
    const source = started(new SystemPowerSource({ clock, logger, timeoutMs: 1000, readBattery: () => new Promise<BatteryInfo>(() => {}) }));
    const start = source.start();
    await clock.advance(1000);
    await start;
    expect(source.current()).toEqual(mainsNoBattery);
    expect(logger.lines.find((l) => l.event === 'power.read_failed')?.fields).toEqual({ message: 'battery read timed out after 1000 ms' });
  });

  it("takes the shell's hints at once (on-battery, thermal) and keeps thermal across polls", async () => {
    const clock = new ManualClock();
    const source = started(new SystemPowerSource({ clock, logger: memoryLogger(), readBattery: async () => battery({ acConnected: true, percent: 90 }) }));
    await source.start();
    const currentWhenTold: boolean[] = [];
    source.onChange((r) => currentWhenTold.push(source.current() === r));
    source.hint({ onACPower: false, thermalState: 'serious' });
    expect(currentWhenTold).toEqual([true]);
    expect(source.current()).toMatchObject({ onACPower: false, thermalState: 'serious' });
    await clock.advance(0);
    expect(source.current()).toMatchObject({ onACPower: true, thermalState: 'serious' });
  });
});

describe('simulated power source', () => {
  it('unplugs, sets the battery, and refuses nonsense', () => {
    const source = SimulatedPowerSource.laptop(80);
    const seen: PowerReading[] = [];
    source.onChange((r) => seen.push(r));
    source.unplug();
    source.setBattery(42);
    source.setBattery(42);
    expect(seen.map((r) => [r.onACPower, r.batteryPct])).toEqual([[false, 80], [false, 42]]);
    expect(() => source.setBattery(140)).toThrow(/0-100/);
    expect(() => new SimulatedPowerSource().unplug()).toThrow(/without a battery/);
    expect(source.current().batteryPct).toBe(42);
  });
});
