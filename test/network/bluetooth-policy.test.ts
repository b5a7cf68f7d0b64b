import { describe, expect, it } from 'vitest';
import { bluetoothRoles } from '../../src/main/app/bluetooth-policy.js';
import type { ComputeMode } from '../../src/shared/modes.js';

describe('bluetoothRoles: which Bluetooth roles run in each mode', () => {
  const table: Array<[ComputeMode, boolean, boolean, boolean, boolean]> = [
    // mode, useNearbyWhileOn, serveNearbyWhileOn → central, peripheral
    ['off', true, true, false, false],
    ['off', false, false, false, false],
    ['bluetooth-local', true, true, true, true],
    ['bluetooth-local', false, false, true, true],
    ['on', true, true, true, true],
    ['on', false, true, false, true],
    ['on', true, false, true, false],
    ['on', false, false, false, false],
  ];
  it.each(table)('%s (use %s, serve %s) → central %s, peripheral %s', (mode, useNearbyWhileOn, serveNearbyWhileOn, central, peripheral) => {
    expect(bluetoothRoles(mode, { useNearbyWhileOn, serveNearbyWhileOn })).toMatchObject({ central, peripheral });
  });

  it('says in words why a role is off', () => {
    expect(bluetoothRoles('off', { useNearbyWhileOn: true, serveNearbyWhileOn: true }).note).toMatch(/Off/);
    expect(bluetoothRoles('on', { useNearbyWhileOn: false, serveNearbyWhileOn: false }).note).toBe('In On, using nearby devices and serving nearby devices is turned off in settings.');
    expect(bluetoothRoles('on', { useNearbyWhileOn: true, serveNearbyWhileOn: true }).note).toBeNull();
  });
});
