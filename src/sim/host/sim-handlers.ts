/**
 * The simulator's contract operations. Only a host running the simulator (the demo, `--sim`) has
 * controls; everywhere else (the desktop app, a plain headless host) they answer `unavailable`.
 */
import type { ContractHandlers } from '../../main/ipc/dispatcher.js';
import { OperationUnavailableError } from '../../main/ipc/dispatcher.js';
import type { SimControls } from './sim-controls.js';

type SimOps = 'simGetState' | 'simSetNetwork' | 'simAddDevice' | 'simRemoveDevice' | 'simSetDevice';

export function createSimHandlers(controls: SimControls | null): Pick<ContractHandlers, SimOps> {
  const need = (): SimControls => {
    if (!controls) throw new OperationUnavailableError('the simulator is not running here (it runs with `npm run demo` or the headless host with --sim)');
    return controls;
  };
  return {
    simGetState: async () => need().state(),
    simSetNetwork: async ({ up }) => need().setNetwork(up),
    simAddDevice: async ({ kind }) => need().addDevice(kind),
    simRemoveDevice: async ({ id }) => need().removeDevice(id),
    simSetDevice: async (change) => need().setDevice(change),
  };
}
