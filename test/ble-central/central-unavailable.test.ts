import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { BleCentralService, CentralUnavailableError } from '../../src/main/ble/central/index.js';

describe('BleCentralService without Bluetooth', () => {
  it('turns the real noble load failure on this machine into an unavailable state, not a crash', async () => {
    const central = new BleCentralService({ clock: new ManualClock() }); // default factory: require('@abandonware/noble')
    await central.start();
    const s = central.status();
    expect(s.state.kind).toBe('unavailable');
    expect(s.state.kind === 'unavailable' && s.state.reason.length).toBeGreaterThan(0);
    await central.setScanning(true);
    expect(central.status().scanning).toBe(false);
    await expect(central.sendTask('x', { id: 't', prompt: 'p' })).rejects.toBeInstanceOf(CentralUnavailableError);
    await central.stop();
    expect(central.status().state.kind).toBe('unavailable');
  });

  it('reports a factory that rejects', async () => {
    const central = new BleCentralService({ clock: new ManualClock(), nobleFactory: () => Promise.reject(new Error('no adapter')) });
    await central.start();
    expect(central.status().state).toEqual({ kind: 'unavailable', reason: 'no adapter' });
  });
});
