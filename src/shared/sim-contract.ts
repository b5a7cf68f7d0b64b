/**
 * The simulator's operations: an extension of the contract, not part of it. They exist only where a
 * host installs the simulator (`npm run demo`, `npm run headless -- --sim` from a source checkout,
 * tests); the shipped app's dispatcher, WebSocket bridge and preload do not know them, and a call there
 * answers `unknown_operation`. The dashboard's Simulator panel hides itself on that answer.
 */
import { z } from 'zod';
import type { OperationSpec } from './contract.js';
import {
  SimAddDeviceArgsSchema, SimDeviceStateSchema, SimRemoveDeviceArgsSchema, SimSetDeviceArgsSchema, SimSetNetworkArgsSchema, SimStateSchema,
} from './sim-status.js';

export const simOperations = {
  /** The virtual devices around this computer and the simulated network link. */
  simGetState: { args: z.object({}).strict(), result: SimStateSchema },
  /** Cuts (up: false) or restores the simulated network: the OS link and the coordinator's reachability. */
  simSetNetwork: { args: SimSetNetworkArgsSchema, result: SimStateSchema },
  /** Starts one more virtual device of that kind; answers with its state. */
  simAddDevice: { args: SimAddDeviceArgsSchema, result: SimDeviceStateSchema },
  /** Switches a virtual device off (it stops advertising; the peer table drops it after 60 s unseen). */
  simRemoveDevice: { args: SimRemoveDeviceArgsSchema, result: SimStateSchema },
  /** Sets a device's battery, load (mesh devices) and signal strength. */
  simSetDevice: { args: SimSetDeviceArgsSchema, result: SimDeviceStateSchema },
} as const satisfies Record<string, OperationSpec>;

export type SimOperationName = keyof typeof simOperations;
export const simOperationNames = Object.keys(simOperations) as SimOperationName[];

export type SimOperationArgs<N extends SimOperationName> = z.input<(typeof simOperations)[N]['args']>;
export type SimOperationResult<N extends SimOperationName> = z.output<(typeof simOperations)[N]['result']>;

/** The simulator's operations as a dashboard calls them (rejected with `unknown_operation` where it is absent). */
export type SimApi = {
  [N in SimOperationName]: (args: SimOperationArgs<N>) => Promise<SimOperationResult<N>>;
};
