import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { NobleFactory } from '../ble/central/index.js';
import type { BlenoSource } from '../ble/peripheral/index.js';
import { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import type { CoordinatorSession } from '../coordinator-client/coordinator-session.js';
import { EventBus } from '../events/event-bus.js';
import type { HostTransport } from '../inference/host-channel.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import type { Ledger } from '../ledger/create-ledger.js';
import type { SecretSealer } from '../ledger/identity.js';
import type { BleSyncTransport } from '../ledger/sync-engine.js';
import type { SettledTransport } from '../ledger/settled-readback.js';
import { ModeService } from '../modes/mode-service.js';
import type { LinkWatcher } from '../network/link-watcher.js';
import { LocalApiService } from '../local-api/local-api-service.js';
import type { NetworkMonitor } from '../network/network-monitor.js';
import type { Notifier } from '../network/offline-fallback.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { appEventPolicy, type AppEvent } from '../events/app-events.js';
import type { RequestRouter } from '../routing/request-router.js';
import { RouteBoard } from '../routing/route-board.js';
import { ServedTodayCounter } from '../routing/served-today.js';
import { createHandlers } from './contract-handlers.js';
import type { DesktopShellPort } from './desktop-shell-port.js';
import { createSettingsHandlers } from './settings-handlers.js';
import { liveSettings } from '../settings/live-settings.js';
import { wireInference, type InferenceParts } from './inference-wiring.js';
import { ledgerUnavailableLine, writeActivityLine } from './activity-notes.js';
import { wireNotices } from './notice-wiring.js';
import { wireActivityNotes } from './activity-wiring.js';
import type { NoteSink } from './mesh-task-notes.js';
import { wireMesh } from './mesh-wiring.js';
import { readyModel, selfRouteState } from './this-computer.js';
import { ledgerLifecycle, openLedger } from './ledger-wiring.js';
import { creditsRefresher, routedRequestsFeed } from './routed-requests-feed.js';
import { ServiceSequence } from './service-sequence.js';
import { wireNetwork } from './network-wiring.js';
import { wireRouting } from './routing-wiring.js';
import { wireSwarm } from './swarm-wiring.js';
import { wireCoding } from './coding-wiring.js';
import { PeerNameBook } from './peer-names.js';
import { SnapshotService, initialGateContext } from './snapshot-service.js';
import { wireSnapshotFeeds } from './snapshot-wiring.js';
import type { PowerSource } from '../power/power-source.js';
import { SystemPowerSource } from '../power/system-power-source.js';
import { AdmissionGate } from '../worker/admission-gate.js';

export interface CoreDeps {
  dataDir: string;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  version: string;
  /** How the inference host process is started (child process headless, utilityProcess in Electron). */
  inferenceTransport: HostTransport;
  inferenceThreads?: number;
  /** Bluetooth: the real noble/bleno by default; the simulated air with --sim. */
  ble?: { nobleFactory?: NobleFactory; blenoSource?: BlenoSource; meshToken?: string };
  /** Protects the identity key at rest (Electron safeStorage in the shell). */
  sealer?: SecretSealer;
  /** Desktop notifications (the shell); the Activity panel gets every notice anyway. */
  notify?: Notifier;
  /** Battery, charging and thermal state: systeminformation by default; a simulated source with --sim. */
  power?: PowerSource;
  /** The network as the app sees it: the OS link signal (default: interface state) and the HTTP client's fetch. */
  network?: { hasLink?: () => boolean; fetch?: typeof fetch };
  /** The local API's port instead of settings.localApi.port (headless --api-port; tests use 0). */
  localApiPort?: number;
  /** The desktop shell's file manager and login item (Electron); absent headless. */
  shell?: DesktopShellPort;
}

export interface Core {
  handlers: ContractHandlers;
  bus: EventBus<AppEvent>;
  snapshot: SnapshotService;
  mode: ModeService;
  network: NetworkMonitor;
  /** The OS link signal: polled every second; a shell with OS events pushes them with report(up). */
  link: LinkWatcher;
  ledger: Ledger | null;
  inference: InferenceParts;
  /** This computer's model and the nearby devices as routing candidates: rank(model) for each request. */
  routes: RouteBoard;
  /** Runs the user's own requests (local API, dashboard) on the cheapest device, with failover. */
  router: RequestRouter;
  /** The admission gate every source of contributed work asks (swarm, nearby devices). */
  gate: AdmissionGate;
  power: PowerSource;
  /** Built here, started by the shells after start() (a busy port never stops the core). */
  localApi: LocalApiService;
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
  const power = deps.power ?? new SystemPowerSource({ clock, logger: logger.child('power') });
  // The gate is built first and knows nothing of the snapshot: the snapshot pushes it the slices it decides on and takes its notes.
  const gate = new AdmissionGate({ mode, settings, power, clock, context: initialGateContext });
  const snapshot = new SnapshotService({ mode, bus, clock, worker: gate });
  for (const problem of settings.problems) snapshot.note('warn', problem, 'problems');
  const note: NoteSink = (level, text, topic) => snapshot.note(level, text, topic);

  const client = new CoordinatorClient({ baseUrl: settings.read().coordinatorUrl, clock, ...(deps.network?.fetch ? { fetch: deps.network.fetch } : {}) });
  // The ledger syncs through the session once it exists (it re-registers on a 401, as the heartbeat does).
  let session: CoordinatorSession | null = null;
  const syncTransport: BleSyncTransport & SettledTransport = { bleSync: (body, opts) => (session ?? client).bleSync(body, opts), settled: (body, opts) => (session ?? client).settled(body, opts) };
  const ledger = openLedger({
    dataDir: deps.dataDir, agentId: settings.read().agentId, transport: syncTransport, clock, logger: logger.child('ledger'), ...(deps.sealer ? { sealer: deps.sealer } : {}),
    onUnavailable: (err) => writeActivityLine(note, ledgerUnavailableLine(err)),
  });
  const refreshCredits = creditsRefresher(ledger, snapshot);
  const notices = wireNotices({ snapshot, bus, clock, ledger, onSynced: refreshCredits, nameOf: (id) => peerNames.nameOf(id), ...(deps.notify ? { desktop: deps.notify } : {}) });

  const inference = wireInference({ dataDir: deps.dataDir, transport: deps.inferenceTransport, clock, logger: logger.child('inference'), power: () => power.current(), gpu: settings.read().inference.gpu, ...(deps.inferenceThreads ? { threads: deps.inferenceThreads } : {}) });
  const activeModel = (): { name: string; paramSize: number } | null => readyModel(inference.summary());
  const routes = new RouteBoard({ clock });
  const refreshSelf = (): void => routes.setSelf(selfRouteState(activeModel(), inference.engine.loadSnapshot(), power.current()));
  // What the core subscribes to on things it is given or built, removed again by stop().
  const detach: Array<() => void> = [inference.onChange(refreshSelf)];
  const wired = wireNetwork({ client, ledger, settings, mode, version: deps.version, activeModel, notify: notices.notify, onRestored: () => { notices.networkRestored(); refreshCredits(); }, power, onCoordinatorLimit: (max) => gate.setCoordinatorLimit(max), clock, logger, ...(deps.network?.hasLink ? { hasLink: deps.network.hasLink } : {}) });
  const { network, service: networkService } = wired;
  session = wired.session;
  const coding = wireCoding({ engine: inference.engine, settings, clock });
  const swarm = wireSwarm({ client, session, engine: inference.engine, coding: coding.runner, admission: gate, mode, clock, logger: logger.child('swarm'), onActivity: (level, text) => note(level, text, 'tasks') });

  // Names nearby devices as they advertise (for the per-device credit totals).
  const peerNames = new PeerNameBook();
  const ble = ledger
    ? wireMesh({
        ledger, gate, inference, coding: coding.runner, settings, mode, clock, logger, note, onRecorded: refreshCredits,
        ...(deps.ble ? { ble: deps.ble } : {}),
        onChange: (bluetooth, peers, meshTokenHash) => {
          snapshot.update('bluetooth', bluetooth);
          routes.setMeshTokenHash(meshTokenHash);
          routes.setPeers(peers);
          peerNames.learn(peers);
          peerNames.learn(peers);
        },
      })
    : null;
  const router = wireRouting({
    routes, engine: inference.engine, coding: coding.userRunner, central: ble?.central ?? null, ledger, clock, logger: logger.child('routing'),
    onRouted: routedRequestsFeed({ snapshot, servedToday: new ServedTodayCounter(clock), refreshCredits }),
  });
  const localApi = new LocalApiService({
    dataDir: deps.dataDir,
    port: deps.localApiPort ?? settings.read().localApi.port,
    runner: router,
    clock,
    logger: logger.child('local-api'),
    note: (level, message) => note(level, message, 'other'),
  });
  const settingsOps = createSettingsHandlers({ settings, dataDir: deps.dataDir, agentId: ledger?.identity.agentId ?? null, shell: deps.shell ?? null, note: (level, message) => snapshot.note(level, message, 'other') });
  const handlers = createHandlers({ mode, snapshot, ledger: ledger?.service ?? null, clock, inference, gate, localApi, settingsOps, router, peerNames });
  // Every settings change is applied while running (coordinator, gate, local API port, login item).
  const settingsLive = liveSettings(settings, {
    coordinator: { client, session, network }, gate, localApi, inference: inference.engine, logger: logger.child('settings'),
    ...(deps.shell ? { startAtLogin: (enabled: boolean) => deps.shell?.setStartAtLogin(enabled) } : {}),
  });
  detach.push(wireSnapshotFeeds({ snapshot, bus, routes, network, inference }));
  const advertise = (): void => ble?.peripheral.updateCapabilities(inference.capabilities());
  detach.push(
    power.onChange(() => {
      advertise();
      refreshSelf();
    }),
    inference.onChange(advertise),
    () => snapshot.dispose(),
  );
  detach.push(wireActivityNotes({ models: inference.models, engine: inference.engine, note }));

  const services = new ServiceSequence([power, mode, gate, ...(ledger ? [ledgerLifecycle(ledger)] : []), inference.service, coding.service, networkService, swarm.service, ...(ble ? [ble.service] : []), settingsLive], logger);
  return {
    handlers,
    bus,
    snapshot,
    mode,
    network,
    link: wired.link,
    ledger,
    inference,
    routes,
    router,
    gate,
    power,
    localApi,
    async start() {
      await services.start();
      refreshCredits();
      snapshot.update('model', inference.summary());
      refreshSelf();
    },
    async stop() {
      handlers.abortDownloads();
      await services.stop();
      for (const off of detach.splice(0)) off();
    },
  };
}
