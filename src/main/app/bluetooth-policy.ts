import type { ComputeMode } from '../../shared/modes.js';
import type { Settings } from '../../shared/settings.js';
import type { BackoffPolicy } from '../core/backoff.js';

/** Which Bluetooth roles run: the central scans (finds devices, routes work out), the peripheral serves others. */
export interface BluetoothRoles {
  central: boolean;
  peripheral: boolean;
  /** Why a role is off, in words, for the dashboard (null when both run). */
  note: string | null;
}

/**
 * Bluetooth follows the mode. Off: nothing. Bluetooth Local: both roles. On: the central scans (so the
 * user's own requests can use nearby devices whenever it runs) unless `useNearbyWhileOn` is false, and
 * the peripheral serves nearby devices unless `serveNearbyWhileOn` is false.
 */
export function bluetoothRoles(mode: ComputeMode, settings: Pick<Settings, 'useNearbyWhileOn' | 'serveNearbyWhileOn'>): BluetoothRoles {
  if (mode === 'off') return { central: false, peripheral: false, note: 'Bluetooth is off while the mode is Off.' };
  if (mode === 'bluetooth-local') return { central: true, peripheral: true, note: null };
  const central = settings.useNearbyWhileOn;
  const peripheral = settings.serveNearbyWhileOn;
  const off = [central ? null : 'using nearby devices', peripheral ? null : 'serving nearby devices'].filter((x): x is string => x !== null);
  return { central, peripheral, note: off.length ? `In On, ${off.join(' and ')} is turned off in settings.` : null };
}

/**
 * A role that was wanted but did not come up (no adapter yet, the radio busy) is started again after
 * these delays, with no mode change needed: 2 s doubling to at most 60 s, 10 times, then not until the
 * mode or the settings change.
 */
export const BLUETOOTH_START_RETRY: BackoffPolicy = { kind: 'exponential', baseMs: 2_000, capMs: 60_000, jitter: 0.1, maxAttempts: 10 };

/** Whether a wanted role is not running. */
export function rolesMissing(wanted: Pick<BluetoothRoles, 'central' | 'peripheral'>, up: Pick<BluetoothRoles, 'central' | 'peripheral'>): boolean {
  return (wanted.central && !up.central) || (wanted.peripheral && !up.peripheral);
}
