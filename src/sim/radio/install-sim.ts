import { createRequire } from 'node:module';
import type NobleModule from '@abandonware/noble';
import type BlenoModule from '@abandonware/bleno';
import type { AttachableAir } from './sim-air.js';
import type { VirtualController } from './virtual-controller.js';

const require = createRequire(import.meta.url);
const AIR_KEY = Symbol.for('edgecoder.ble-sim.air');

export type Noble = typeof NobleModule;
export type Bleno = typeof BlenoModule;

/**
 * Routes require('@abandonware/bluetooth-hci-socket') to the simulated socket (the same hook as
 * `node --require src/sim/radio/register.cjs`) and makes `air` the one every new socket attaches
 * to. Call before noble/bleno are first loaded. Returns a function that unregisters the air.
 */
export function installSimulatedHci(air: AttachableAir): () => void {
  require('./register.cjs');
  const g = globalThis as unknown as Record<symbol, unknown>;
  g[AIR_KEY] = air;
  return () => {
    if (g[AIR_KEY] === air) delete g[AIR_KEY];
  };
}

const devIdOf = (c: VirtualController | number): number => (typeof c === 'number' ? c : c.devId);

/** A fresh noble (its own hci bindings) bound to the given controller / devId (none: the next free one, or a new one). */
export function createSimNoble(controller?: VirtualController | number): Noble {
  const withCustomBinding = require('@abandonware/noble/with-custom-binding') as (opts: object) => Noble;
  return withCustomBinding(controller === undefined ? {} : { deviceId: devIdOf(controller) });
}

/**
 * A fresh bleno bound to the given controller / devId (none: the next free one, or a new one). bleno is a module singleton, so its modules are
 * dropped from require.cache first; its bindings are initialised here (bleno reads BLENO_HCI_DEVICE_ID
 * at init), so 'stateChange' → 'poweredOn' follows asynchronously.
 */
export function createSimBleno(controller?: VirtualController | number): Bleno {
  for (const key of Object.keys(require.cache)) {
    if (key.includes(`${'@abandonware'}/bleno/`) || key.includes('@abandonware\\bleno\\')) delete require.cache[key];
  }
  const saved = process.env.BLENO_HCI_DEVICE_ID;
  if (controller === undefined) delete process.env.BLENO_HCI_DEVICE_ID; // socket takes the next free controller
  else process.env.BLENO_HCI_DEVICE_ID = String(devIdOf(controller));
  try {
    const bleno = require('@abandonware/bleno') as Bleno;
    bleno.on('stateChange', () => undefined); // triggers bindings.init() synchronously
    return bleno;
  } finally {
    if (saved === undefined) delete process.env.BLENO_HCI_DEVICE_ID;
    else process.env.BLENO_HCI_DEVICE_ID = saved;
  }
}

/** Resolves once a noble or bleno instance reports poweredOn. */
export function whenPoweredOn(lib: Noble | Bleno): Promise<void> {
  const target = lib as unknown as { state?: string; once(event: 'stateChange', fn: (s: string) => void): unknown };
  return new Promise((resolve) => {
    if (target.state === 'poweredOn') return resolve();
    const wait = (s: string): void => {
      if (s === 'poweredOn') resolve();
      else target.once('stateChange', wait);
    };
    target.once('stateChange', wait);
  });
}
