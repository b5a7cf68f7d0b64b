/**
 * The simulator's contract operations (src/shared/sim-contract.ts) as an extension the host installs
 * next to the core's handlers. Only a host running the simulator (the demo, `--sim`) has them; the
 * shipped app never does, and there a call answers `unknown_operation`.
 */
import { simOperations } from '../../shared/sim-contract.js';
import { contractExtension, type ContractExtension } from '../../main/ipc/dispatcher.js';
import type { SimControls } from './sim-controls.js';

export function createSimExtension(controls: SimControls): ContractExtension {
  return contractExtension(simOperations, {
    simGetState: async () => controls.state(),
    simSetNetwork: async ({ up }) => controls.setNetwork(up),
    simAddDevice: async ({ kind }) => controls.addDevice(kind),
    simRemoveDevice: async ({ id }) => controls.removeDevice(id),
    simSetDevice: async (change) => controls.setDevice(change),
  });
}
