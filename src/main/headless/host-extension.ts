/**
 * What a headless host can have installed around the core without the core or the host knowing what it
 * is: stand-ins for hardware and operations beyond the contract. The simulator (src/sim, from a source
 * checkout only) is the one there is; the shipped app installs none.
 */
import type { Core, CoreDeps } from '../app/composition-root.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ContractExtension } from '../ipc/dispatcher.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface HostExtension {
  /** Replaces the real Bluetooth, power source and network (e.g. a simulated air, a laptop on its charger, a link that can be cut). */
  coreDeps?: Pick<CoreDeps, 'ble' | 'power' | 'network'>;
  /** Operations beyond the core's, served by the host's WebSocket bridge. */
  contract?: ContractExtension;
  /** Called once the core and the local API run; may return what to undo first when the host stops. */
  started?(core: Core): (() => void) | void;
  /** Called last, after the core stopped. */
  stop(): Promise<void>;
}

/** What an extension may use while it is built, before the core exists. */
export interface HostExtensionContext {
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
}

export type HostExtensionFactory = (ctx: HostExtensionContext) => Promise<HostExtension>;
