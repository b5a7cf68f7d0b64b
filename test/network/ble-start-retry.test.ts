/**
 * A Bluetooth start that fails (the adapter busy or not there yet) is not taken as started: the
 * wiring starts it again with backoff, with no mode change. Real noble/bleno on the simulated air;
 * the central's first noble load fails once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { wireBle } from '../../src/main/app/ble-wiring.js';
import { BLUETOOTH_START_RETRY } from '../../src/main/app/bluetooth-policy.js';
import type { NobleLike } from '../../src/main/ble/central/index.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import type { BluetoothState } from '../../src/shared/snapshot.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  air.close();
});

describe('a failed Bluetooth start', () => {
  it('is shown as unavailable, not started, and started again after the backoff delay without a mode change', async () => {
    const dir = tempDir('edgecoder-ble-retry-');
    cleanups.push(() => dir.cleanup());
    const clock = new ManualClock(Date.now());
    const logger = memoryLogger();
    const settings = openConfSettings(dir.dir, logger, () => clock.now());
    settings.update({ mode: 'bluetooth-local' });
    const mode = new ModeService({ settings, clock, logger });
    const centralCtrl = air.createController();
    const peripheralCtrl = air.createController();
    let loads = 0;
    const published: BluetoothState[] = [];
    const ble = wireBle({
      identity: new Identity(Buffer.alloc(32, 9)), settings, mode, clock, logger,
      capabilities: () => ({ model: 'none', modelParamSize: 0, memoryMB: 1024, batteryPct: 100, currentLoad: 0, deviceType: 'laptop' }),
      taskHandler: async () => ({ ok: false, error: 'not in this test' }),
      nobleFactory: async () => {
        if (++loads === 1) throw new Error('the Bluetooth adapter is busy');
        return createSimNoble(centralCtrl) as unknown as NobleLike;
      },
      blenoSource: () => createSimBleno(peripheralCtrl),
      onChange: (b) => published.push(b),
    });
    await ble.service.start();
    cleanups.push(() => ble.service.stop());
    expect(loads).toBe(1);
    expect(ble.central.status().state.kind).toBe('unavailable');
    expect(published.at(-1)?.state).toBe('unavailable');

    // Just before the first retry (2 s less 10 % jitter at most) nothing happens; by 2.2 s it has run.
    await clock.advance(BLUETOOTH_START_RETRY.baseMs * 0.9 - 1);
    expect(loads).toBe(1);
    await clock.advance(BLUETOOTH_START_RETRY.baseMs * 0.3);
    expect(loads).toBe(2);
    expect(ble.central.status().state.kind).not.toBe('unavailable');
    expect(ble.central.status().scanRequested).toBe(true);
    expect(mode.current).toMatchObject({ mode: 'bluetooth-local', cause: 'startup' });
  });
});
