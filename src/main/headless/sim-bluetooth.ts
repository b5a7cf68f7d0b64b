import type { CoreDeps } from '../app/composition-root.js';
import type { NobleLike } from '../ble/central/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { SimMeshDevice } from '../ble/sim/devices/mesh-device.js';
import { startSimTaskLoop } from '../ble/sim/devices/sim-task-loop.js';
import { createSimBleno, createSimNoble, installSimulatedHci, SimAir, startSimNeighbourhood } from '../ble/sim/index.js';
import type { SimArgs } from './args.js';

/** The mesh token the virtual devices share (their identity carries sha256 of it). */
export const SIM_MESH_TOKEN = 'sim-mesh';

/**
 * `--sim`: the real noble and bleno on a simulated Bluetooth air, with virtual mesh phones, laptops
 * and Bluetooth Local iPhones around this computer. Loaded only when asked for.
 */
export interface SimulatedBluetooth {
  ble: NonNullable<CoreDeps['ble']>;
  /** With `--sim-task-every`: the virtual mesh devices start asking `targetAgentId` (this computer) for work. */
  startTasks(targetAgentId: string, clock: Clock): void;
  stop(): Promise<void>;
}

export async function startSimulatedBluetooth(sim: SimArgs, logger: Logger): Promise<SimulatedBluetooth> {
  const air = new SimAir({ seed: 1, logger: logger.child('sim-air') });
  const uninstall = installSimulatedHci(air);
  const hood = await startSimNeighbourhood({ air, phones: sim.phones, laptops: sim.laptops, iphones: sim.iphones, logger: logger.child('sim') });
  const centralController = air.createController();
  const peripheralController = air.createController();
  // noble's published types lack fields its objects have at run time (state); the central's port names them.
  let noble: NobleLike | null = null;
  let bleno: ReturnType<typeof createSimBleno> | null = null;
  let tasks: ReturnType<typeof startSimTaskLoop> | null = null;
  return {
    startTasks: (targetAgentId, clock) => {
      if (tasks || sim.taskEverySec <= 0) return;
      const devices = hood.devices.filter((d): d is SimMeshDevice => d.kind === 'mesh');
      tasks = startSimTaskLoop({ devices, targetAgentId, everyMs: sim.taskEverySec * 1000, clock, logger: logger.child('sim-tasks') });
    },
    ble: {
      nobleFactory: () => (noble ??= createSimNoble(centralController) as unknown as NobleLike),
      blenoSource: () => (bleno ??= createSimBleno(peripheralController)),
      meshToken: SIM_MESH_TOKEN,
    },
    stop: async () => {
      await tasks?.stop();
      await hood.stop();
      air.close();
      uninstall();
    },
  };
}
