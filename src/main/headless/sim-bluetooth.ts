import type { CoreDeps } from '../app/composition-root.js';
import type { NobleLike } from '../ble/central/index.js';
import type { Logger } from '../core/logger.js';
import { createSimBleno, createSimNoble, installSimulatedHci, SimAir, startSimNeighbourhood } from '../ble/sim/index.js';
import type { SimArgs } from './args.js';

/** The mesh token the virtual devices share (their identity carries sha256 of it). */
export const SIM_MESH_TOKEN = 'sim-mesh';

/**
 * `--sim`: the real noble and bleno on a simulated Bluetooth air, with virtual mesh phones, laptops
 * and Bluetooth Local iPhones around this computer. Loaded only when asked for.
 */
export async function startSimulatedBluetooth(sim: SimArgs, logger: Logger): Promise<{ ble: NonNullable<CoreDeps['ble']>; stop(): Promise<void> }> {
  const air = new SimAir({ seed: 1, logger: logger.child('sim-air') });
  const uninstall = installSimulatedHci(air);
  const hood = await startSimNeighbourhood({ air, phones: sim.phones, laptops: sim.laptops, iphones: sim.iphones, logger: logger.child('sim') });
  const centralController = air.createController();
  const peripheralController = air.createController();
  // noble's published types lack fields its objects have at run time (state); the central's port names them.
  let noble: NobleLike | null = null;
  let bleno: ReturnType<typeof createSimBleno> | null = null;
  return {
    ble: {
      nobleFactory: () => (noble ??= createSimNoble(centralController) as unknown as NobleLike),
      blenoSource: () => (bleno ??= createSimBleno(peripheralController)),
      meshToken: SIM_MESH_TOKEN,
    },
    stop: async () => {
      await hood.stop();
      air.close();
      uninstall();
    },
  };
}
