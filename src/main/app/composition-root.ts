import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import { CoordinatorSession } from '../coordinator-client/coordinator-session.js';
import { EventBus } from '../events/event-bus.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import { createLedger, type Ledger } from '../ledger/create-ledger.js';
import type { SecretSealer } from '../ledger/identity.js';
import { ModeService } from '../modes/mode-service.js';
import { hasNetworkLink } from '../network/link-check.js';
import { NetworkMonitor } from '../network/network-monitor.js';
import { wireOfflineFallback, type Notifier } from '../network/offline-fallback.js';
import { mainsPower, readPowerTelemetry } from '../power/power-telemetry.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { appEventPolicy, type AppEvent } from './app-events.js';
import { createHandlers } from './contract-handlers.js';
import { creditsSummary, ledgerLifecycle } from './ledger-wiring.js';
import { SnapshotService } from './snapshot-service.js';

export interface CoreDeps {
  dataDir: string;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  version: string;
  /** Protects the identity key at rest (Electron safeStorage in the shell). */
  sealer?: SecretSealer;
  /** Desktop notifications (the shell); the Activity panel gets every notice anyway. */
  notify?: Notifier;
}

export interface Core {
  handlers: ContractHandlers;
  bus: EventBus<AppEvent>;
  snapshot: SnapshotService;
  mode: ModeService;
  network: NetworkMonitor;
  ledger: Ledger | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The one place that builds the core: every service gets its dependencies here, starts in order and
 * stops in reverse. Both shells (Electron, headless) call this and only add their transport.
 */
export function createCore(deps: CoreDeps): Core {
  const { settings, clock, logger } = deps;
  const bus = new EventBus<AppEvent>({ capacity: 64, policy: appEventPolicy });
  const mode = new ModeService({ settings, clock, logger: logger.child('mode') });
  const snapshot = new SnapshotService({ mode, bus, clock });
  for (const problem of settings.problems) snapshot.note('warn', problem);
  const notify: Notifier = (title, body) => {
    snapshot.note('info', `${title}. ${body}`);
    deps.notify?.(title, body);
  };

  const coordinatorUrl = settings.read().coordinatorUrl;
  const client = new CoordinatorClient({ baseUrl: coordinatorUrl, clock });
  let ledger: Ledger | null = null;
  try {
    const agentId = settings.read().agentId;
    ledger = createLedger({
      dataDir: deps.dataDir,
      transport: client,
      clock,
      logger: logger.child('ledger'),
      ...(deps.sealer ? { sealer: deps.sealer } : {}),
      ...(agentId ? { agentId } : {}),
    });
  } catch (err) {
    snapshot.note('error', `Credits are unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const refreshCredits = (): void => {
    if (ledger) snapshot.update('credits', creditsSummary(ledger.service));
  };

  const session = ledger
    ? new CoordinatorSession({
        client,
        identity: ledger.identity,
        settings,
        version: deps.version,
        telemetry: () => readPowerTelemetry(mainsPower),
        activeModel: () => null,
        logger: logger.child('coordinator'),
      })
    : null;
  const network = new NetworkMonitor({
    probe: session ? (signal) => session.heartbeat(signal) : async () => Promise.reject(new Error('no agent identity')),
    hasLink: hasNetworkLink(coordinatorUrl),
    clock,
    logger: logger.child('network'),
  });
  network.onChange((state) => {
    snapshot.update('network', state);
    ledger?.sync.setReachable(state.state === 'online');
  });
  wireOfflineFallback({ network, mode, notify, onRestored: refreshCredits, logger });
  ledger?.sync.onResult((result) => {
    refreshCredits();
    if (result.error) snapshot.note('warn', `Ledger sync failed (will retry): ${result.error}`);
    else if (result.applied + result.skipped > 0) snapshot.note('info', `Ledger synced: ${result.applied} applied, ${result.skipped} skipped.`);
  });

  // Off means no heartbeat at all; On and Bluetooth Local watch the coordinator (to sync when it returns).
  const networkGate: Service = {
    name: 'network-gate',
    start: async () => {
      if (mode.current.mode !== 'off') await network.start();
      mode.onChange((s) => void (s.mode === 'off' ? network.stop() : network.start()));
    },
    stop: () => network.stop(),
  };

  const services: Service[] = [mode, ...(ledger ? [ledgerLifecycle(ledger)] : []), networkGate];
  const started: Service[] = [];
  const handlers = createHandlers({ mode, snapshot, ledger: ledger?.service ?? null, clock });

  return {
    handlers,
    bus,
    snapshot,
    mode,
    network,
    ledger,
    async start() {
      for (const service of services) {
        await service.start();
        started.push(service);
        logger.log('debug', 'service.started', { service: service.name });
      }
      refreshCredits();
    },
    async stop() {
      while (started.length) {
        const service = started.pop();
        if (!service) break;
        try {
          await service.stop();
        } catch (err) {
          logger.log('error', 'service.stop_failed', { service: service.name, message: String(err) });
        }
      }
    },
  };
}
