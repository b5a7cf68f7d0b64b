/**
 * The signal wobble of the simulated crowd: steps of 3-6 dB inside [-95, -40], every device each
 * tick, except a device whose signal was just set by hand (Simulator panel): that reading holds for
 * 10 s, so the user (and the ui benchmark) sees what was set, then the device moves again.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { HAND_SET_HOLD_MS, HandSetSignals, RSSI_MAX, RSSI_MIN, startRssiWobble, wobbleStep } from '../../src/sim/devices/rssi-wobble.js';
import { mulberry32 } from '../../src/sim/radio/sim-types.js';

describe('the signal wobble', () => {
  it('steps 3 to 6 dB and stays within range', () => {
    const random = mulberry32(3);
    let rssi = -41;
    for (let i = 0; i < 500; i++) {
      const next = wobbleStep(rssi, random);
      expect(Math.abs(next - rssi)).toBeGreaterThanOrEqual(3);
      expect(Math.abs(next - rssi)).toBeLessThanOrEqual(6);
      expect(next).toBeGreaterThanOrEqual(RSSI_MIN);
      expect(next).toBeLessThanOrEqual(RSSI_MAX);
      rssi = next;
    }
  });

  it('leaves a signal set by hand as it is for the hold time, then moves it again', async () => {
    const clock = new ManualClock();
    const signals = new Map([['a', -60], ['b', -60]]);
    const air = { setDeviceRssi: (address: string, rssi: number) => void signals.set(address, rssi), deviceRssiOf: (address: string) => signals.get(address) ?? -70 };
    const handSet = new HandSetSignals();
    const wobble = startRssiWobble({ air, addresses: () => ['a', 'b'].filter((x) => !handSet.held(x, clock.now())), clock, random: mulberry32(9) });
    signals.set('a', -30);
    handSet.set('a', clock.now());
    for (let s = 1; s * 1000 < HAND_SET_HOLD_MS; s++) {
      await clock.advance(1000);
      expect(signals.get('a')).toBe(-30);
    }
    expect(signals.get('b')).not.toBe(-60);
    await clock.advance(1000);
    expect(signals.get('a')).not.toBe(-30);
    expect(handSet.held('a', clock.now())).toBe(false);
    wobble.stop();
  });
});
