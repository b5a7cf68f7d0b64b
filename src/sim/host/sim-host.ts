/**
 * The simulator installed into the headless host (the demo, `npm run headless -- --sim` from a source
 * checkout, tests, benchmarks): the real noble and bleno on a simulated air with virtual devices, a
 * laptop on its charger whose power can change, a network link that can be cut, and the simulator's
 * contract operations. The host sees only a HostExtension; nothing in src/main imports this tree.
 */
import { startHeadlessHost, type HeadlessHost, type HeadlessHostOptions } from '../../main/headless/headless-host.js';
import type { HostExtension, HostExtensionFactory } from '../../main/headless/host-extension.js';
import { hasNetworkLink } from '../../main/network/link-check.js';
import { SimulatedNetwork } from '../network/simulated-network.js';
import { SimulatedPowerSource } from '../power/simulated-power-source.js';
import type { SimArgs } from './sim-args.js';
import { startSimulatedBluetooth, type SimDeviceHandlers } from './sim-bluetooth.js';
import type { SimControls } from './sim-controls.js';
import { createSimExtension } from './sim-handlers.js';

export type SimHostExtension = HostExtension & { controls: SimControls };

/** Builds the simulator when the host asks (after its settings are open, before the core exists). */
export function simulatorExtension(sim: SimArgs, handlers?: SimDeviceHandlers, onReady?: (ext: SimHostExtension) => void): HostExtensionFactory {
  return async ({ settings, clock, logger }) => {
    const network = new SimulatedNetwork({ hasLink: hasNetworkLink(() => settings.read().coordinatorUrl) });
    const bluetooth = await startSimulatedBluetooth(sim, logger, { network, ...(handlers ? { handlers } : {}) });
    const ext: SimHostExtension = {
      controls: bluetooth.controls,
      // A laptop on its charger whose power the demo can change (core.power: unplug, setBattery).
      coreDeps: { ble: bluetooth.ble, power: SimulatedPowerSource.laptop(), network: { hasLink: network.hasLink, fetch: network.fetch } },
      contract: createSimExtension(bluetooth.controls),
      started: (core) => {
        if (core.ledger) bluetooth.startTasks(core.ledger.identity.agentId, clock);
        if (sim.rssiWobble) bluetooth.startRssiWobble(clock);
        // A cut or restored link is pushed to the link watcher at once, as the OS's online/offline events are.
        return network.onChange(() => core.link.report(network.hasLink()));
      },
      stop: () => bluetooth.stop(),
    };
    onReady?.(ext);
    return ext;
  };
}

/** A headless host with the simulator's controls beside it. */
export type SimHost = HeadlessHost & { sim: SimControls };

export async function startSimHost(opts: Omit<HeadlessHostOptions, 'extension'> & { sim: SimArgs; simHandlers?: SimDeviceHandlers }): Promise<SimHost> {
  const { sim, simHandlers, ...hostOpts } = opts;
  const installed: { controls?: SimControls } = {};
  const host = await startHeadlessHost({ ...hostOpts, extension: simulatorExtension(sim, simHandlers, (ext) => (installed.controls = ext.controls)) });
  if (!installed.controls) throw new Error('the simulator was not installed');
  return Object.assign(host, { sim: installed.controls });
}
