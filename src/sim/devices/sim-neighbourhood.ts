import type { Clock } from '../../main/core/clock.js';
import type { Logger } from '../../main/core/logger.js';
import type { SimAir } from '../radio/sim-air.js';
import { startIphoneLocal } from './iphone-local-device.js';
import type { IphoneLocalOptions, SimIphone } from './iphone-local-device.js';
import { startMeshDevice } from './mesh-device.js';
import type { MeshDeviceOptions, SimMeshDevice } from './mesh-device.js';

/** A count (default devices) or explicit options per device; `rssi`: the device's RSSI towards every controller (air.setDeviceRssi). */
type Spec<T> = number | Array<Partial<T> & { rssi?: number }>;

export interface SimNeighbourhoodOptions {
  air: SimAir;
  phones?: Spec<MeshDeviceOptions>;
  laptops?: Spec<MeshDeviceOptions>;
  iphones?: Spec<IphoneLocalOptions>;
  clock?: Clock;
  logger?: Logger;
}

export interface SimNeighbourhood {
  readonly devices: ReadonlyArray<SimMeshDevice | SimIphone>;
  stop(): Promise<void>;
}

const expand = <T>(spec: Spec<T> | undefined): Array<Partial<T> & { rssi?: number }> =>
  typeof spec === 'number' ? Array.from({ length: spec }, () => ({})) : (spec ?? []);

/**
 * The default signal of the i-th device of a kind: 10 dB weaker each, from `strongest` down over five
 * steps, then round again. However many devices there are (the ui benchmark has 200), every one stays
 * within what a controller can report (the simulator's contract refuses anything below −127 dBm).
 */
export const defaultRssi = (strongest: number, i: number): number => strongest - 10 * (i % 5);

/** Default phones: 1.5B, battery falling 80, 60, …; laptops: 7B on mains; RSSI −55, −65, … −95 by index (see defaultRssi). */
export async function startSimNeighbourhood(o: SimNeighbourhoodOptions): Promise<SimNeighbourhood> {
  const devices: Array<SimMeshDevice | SimIphone> = [];
  const common = { ...(o.clock ? { clock: o.clock } : {}), ...(o.logger ? { logger: o.logger } : {}) };
  const place = (address: string, rssi: number): void => o.air.setDeviceRssi(address, rssi);
  try {
    for (const [i, p] of expand(o.phones).entries()) {
      const d = await startMeshDevice(o.air, {
        label: `sim-phone-${i + 1}`, deviceType: 'phone', batteryPct: Math.max(5, 80 - 20 * i), ...common, ...p,
      });
      place(d.address, p.rssi ?? defaultRssi(-55, i));
      devices.push(d);
    }
    for (const [i, l] of expand(o.laptops).entries()) {
      const d = await startMeshDevice(o.air, { label: `sim-laptop-${i + 1}`, deviceType: 'laptop', ...common, ...l });
      place(d.address, l.rssi ?? defaultRssi(-50, i));
      devices.push(d);
    }
    for (const [i, p] of expand(o.iphones).entries()) {
      const d = await startIphoneLocal(o.air, { name: `iPhone ${i + 1}`, ...common, ...p });
      place(d.address, p.rssi ?? defaultRssi(-60, i));
      devices.push(d);
    }
  } catch (err) {
    await Promise.allSettled(devices.map((d) => d.stop()));
    throw err;
  }
  return {
    devices,
    stop: async () => {
      await Promise.allSettled(devices.map((d) => d.stop()));
    },
  };
}
