import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { SimAir } from '../sim-air.js';
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

/** Default phones: 1.5B, battery falling 80, 60, …; laptops: 7B on mains; RSSI −55, −65, … by index. */
export async function startSimNeighbourhood(o: SimNeighbourhoodOptions): Promise<SimNeighbourhood> {
  const devices: Array<SimMeshDevice | SimIphone> = [];
  const common = { ...(o.clock ? { clock: o.clock } : {}), ...(o.logger ? { logger: o.logger } : {}) };
  const place = (address: string, rssi: number): void => o.air.setDeviceRssi(address, rssi);
  try {
    for (const [i, p] of expand(o.phones).entries()) {
      const d = await startMeshDevice(o.air, {
        label: `sim-phone-${i + 1}`, deviceType: 'phone', batteryPct: Math.max(5, 80 - 20 * i), ...common, ...p,
      });
      place(d.address, p.rssi ?? -55 - 10 * i);
      devices.push(d);
    }
    for (const [i, l] of expand(o.laptops).entries()) {
      const d = await startMeshDevice(o.air, { label: `sim-laptop-${i + 1}`, deviceType: 'laptop', ...common, ...l });
      place(d.address, l.rssi ?? -50 - 10 * i);
      devices.push(d);
    }
    for (const [i, p] of expand(o.iphones).entries()) {
      const d = await startIphoneLocal(o.air, { name: `iPhone ${i + 1}`, ...common, ...p });
      place(d.address, p.rssi ?? -60 - 10 * i);
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
