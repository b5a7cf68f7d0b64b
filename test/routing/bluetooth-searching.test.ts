import { describe, expect, it } from 'vitest';
import type { CentralState } from '../../src/main/ble/central/central-types.js';
import { bluetoothSearching } from '../../src/main/routing/bluetooth-searching.js';

describe('when Bluetooth is searching (a request waits for a device to appear)', () => {
  it.each<[string, CentralState | null, boolean, boolean]>([
    // name, central state (null: no central), scan requested, searching
    ['no central (no Bluetooth in this mode or build)', null, false, false],
    ['stopped, no scan asked for (Off)', { kind: 'stopped' }, false, false],
    ['starting, before the adapter answers', { kind: 'starting' }, false, true],
    ['starting with a scan asked for', { kind: 'starting' }, true, true],
    ['ready and scanning as asked', { kind: 'ready' }, true, true],
    ['ready, scan not asked for', { kind: 'ready' }, false, false],
    ['adapter off but the mode asks for a scan (it resumes when powered on)', { kind: 'adapter-off', adapterState: 'poweredOff' }, true, true],
    ['adapter off, no scan asked for', { kind: 'adapter-off', adapterState: 'poweredOff' }, false, false],
    ['unavailable, no scan asked for', { kind: 'unavailable', reason: 'no HCI socket' }, false, false],
  ])('%s', (_name, state, scanRequested, searching) => {
    expect(bluetoothSearching(state ? { state, scanRequested } : null)).toBe(searching);
  });
});
