import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import { CoordinatorSession, type ActiveModelInfo } from '../coordinator-client/coordinator-session.js';
import { policyTaskLimit } from '../coordinator-client/policy-limit.js';
import type { Ledger } from '../ledger/create-ledger.js';
import type { ModeService } from '../modes/mode-service.js';
import { hasNetworkLink } from '../network/link-check.js';
import { LinkWatcher } from '../network/link-watcher.js';
import { NetworkMonitor, type LinkCheck } from '../network/network-monitor.js';
import { wireOfflineFallback, type Notifier } from '../network/offline-fallback.js';
import type { PowerSource } from '../power/power-source.js';
import { readPowerTelemetry } from '../power/power-telemetry.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { SerialChain } from '../core/serial-chain.js';

/**
 * The coordinator side: registration + heartbeats (the reachability probe), the network monitor and
 * the OS link watcher, the On → Bluetooth Local fallback, and the ledger sync that follows
 * reachability. Off means no heartbeat at all; On and Bluetooth Local both watch the coordinator (to
 * sync when it returns). The monitor and the watcher start and stop together, idempotently.
 */
export function wireNetwork(deps: {
  client: CoordinatorClient;
  /** The OS's link signal (default: interface state, os.networkInterfaces). */
  hasLink?: LinkCheck;
  ledger: Ledger | null;
  settings: SettingsStore;
  mode: ModeService;
  version: string;
  activeModel: () => ActiveModelInfo | null;
  notify: Notifier;
  onRestored: () => void;
  /** The heartbeat's power telemetry reads it (the same source as the admission gate). */
  power: PowerSource;
  /** The task limit a register or heartbeat reply's policy sets (policyTaskLimit; null: none). */
  onCoordinatorLimit?: (maxConcurrentTasks: number | null) => void;
  clock: Clock;
  logger: Logger;
}): { network: NetworkMonitor; link: LinkWatcher; session: CoordinatorSession | null; service: Service } {
  const { ledger, mode, clock, logger } = deps;
  const session = ledger
    ? new CoordinatorSession({
        client: deps.client,
        identity: ledger.identity,
        settings: deps.settings,
        version: deps.version,
        telemetry: () => readPowerTelemetry(deps.power.current()),
        ...(deps.onCoordinatorLimit ? { onPolicy: (policy) => deps.onCoordinatorLimit?.(policyTaskLimit(policy)) } : {}),
        activeModel: deps.activeModel,
        logger: logger.child('coordinator'),
      })
    : null;
  const hasLink = deps.hasLink ?? hasNetworkLink(() => deps.settings.read().coordinatorUrl);
  const network = new NetworkMonitor({
    probe: session ? (signal) => session.heartbeat(signal) : () => Promise.reject(new Error('no agent identity (see Activity)')),
    hasLink,
    clock,
    logger: logger.child('network'),
  });
  const link = new LinkWatcher({ hasLink, listener: network, clock, logger: logger.child('network') });
  network.onChange((state) => ledger?.sync.setReachable(state.state === 'online'));
  wireOfflineFallback({ network, mode, notify: deps.notify, onRestored: deps.onRestored, logger });

  // Mode changes are applied in order: a quick On → Off → On never leaves two loops or a stray heartbeat.
  const modeChanges = new SerialChain();
  const watchWhile = (watching: boolean): Promise<void> =>
    modeChanges.run(async () => {
      if (watching) {
        await network.start();
        await link.start();
      } else {
        await link.stop();
        await network.stop();
      }
    }).catch((err: unknown) => logger.log('error', 'network.mode_failed', { message: String(err) }));
  let unsubscribe: (() => void) | null = null;
  return {
    network,
    link,
    session,
    service: {
      name: 'network',
      start: async () => {
        unsubscribe = mode.onChange((s) => void watchWhile(s.mode !== 'off'));
        await watchWhile(mode.current.mode !== 'off');
      },
      stop: async () => {
        unsubscribe?.();
        await watchWhile(false);
      },
    },
  };
}
