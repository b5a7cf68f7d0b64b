import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import { CoordinatorSession, type ActiveModelInfo } from '../coordinator-client/coordinator-session.js';
import type { Ledger } from '../ledger/create-ledger.js';
import type { ModeService } from '../modes/mode-service.js';
import { hasNetworkLink } from '../network/link-check.js';
import { NetworkMonitor } from '../network/network-monitor.js';
import { wireOfflineFallback, type Notifier } from '../network/offline-fallback.js';
import { mainsPower, readPowerTelemetry } from '../power/power-telemetry.js';
import type { SettingsStore } from '../settings/settings-store.js';

/**
 * The coordinator side: registration + heartbeats (the reachability probe), the network monitor, the
 * On → Bluetooth Local fallback, and the ledger sync that follows reachability. Off means no
 * heartbeat at all; On and Bluetooth Local both watch the coordinator (to sync when it returns).
 */
export function wireNetwork(deps: {
  client: CoordinatorClient;
  ledger: Ledger | null;
  settings: SettingsStore;
  mode: ModeService;
  version: string;
  activeModel: () => ActiveModelInfo | null;
  notify: Notifier;
  onRestored: () => void;
  clock: Clock;
  logger: Logger;
}): { network: NetworkMonitor; session: CoordinatorSession | null; service: Service } {
  const { ledger, mode, clock, logger } = deps;
  const session = ledger
    ? new CoordinatorSession({
        client: deps.client,
        identity: ledger.identity,
        settings: deps.settings,
        version: deps.version,
        telemetry: () => readPowerTelemetry(mainsPower),
        activeModel: deps.activeModel,
        logger: logger.child('coordinator'),
      })
    : null;
  const network = new NetworkMonitor({
    probe: session ? (signal) => session.heartbeat(signal) : () => Promise.reject(new Error('no agent identity (see Activity)')),
    hasLink: hasNetworkLink(deps.settings.read().coordinatorUrl),
    clock,
    logger: logger.child('network'),
  });
  network.onChange((state) => ledger?.sync.setReachable(state.state === 'online'));
  wireOfflineFallback({ network, mode, notify: deps.notify, onRestored: deps.onRestored, logger });

  let unsubscribe: (() => void) | null = null;
  return {
    network,
    session,
    service: {
      name: 'network',
      start: async () => {
        if (mode.current.mode !== 'off') await network.start();
        unsubscribe = mode.onChange((s) => void (s.mode === 'off' ? network.stop() : network.start()));
      },
      stop: async () => {
        unsubscribe?.();
        await network.stop();
      },
    },
  };
}
