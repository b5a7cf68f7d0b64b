import { describe, expect, it } from 'vitest';
import { defaultRssi } from '../../src/sim/devices/sim-neighbourhood.js';
import { SIM_RSSI_RANGE } from '../../src/shared/sim-status.js';

describe('defaultRssi: the signal of the i-th virtual device of a kind', () => {
  it('keeps the first five as the tests and the demo know them (−55, −65, … for phones)', () => {
    expect([0, 1, 2, 3, 4].map((i) => defaultRssi(-55, i))).toEqual([-55, -65, -75, -85, -95]);
  });

  it('stays within what a controller can report for all 200 devices the simulator allows', () => {
    // It used to fall by 10 dB a device without end: from the 9th phone on (−135 dBm) the simulator's
    // state failed its own contract and the Simulator panel vanished from the page.
    for (const strongest of [-50, -55, -60]) {
      for (let i = 0; i < 200; i++) {
        const rssi = defaultRssi(strongest, i);
        expect(rssi).toBeGreaterThanOrEqual(SIM_RSSI_RANGE.min);
        expect(rssi).toBeLessThanOrEqual(-40);
      }
    }
  });
});
