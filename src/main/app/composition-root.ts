import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { NobleFactory } from '../ble/central/index.js';
import type { BlenoSource } from '../ble/peripheral/index.js';
import { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import type { CoordinatorSession } from '../coordinator-client/coordinator-session.js';
import { EventBus } from '../events/event-bus.js';
import type { HostTransport } from '../inference/host-channel.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import { createLedger, type Ledger } from '../ledger/create-ledger.js';
import type { SecretSealer } from '../ledger/identity.js';
import type { BleSyncTransport } from '../ledger/sync-engine.js';
import { ModeService } from '../modes/mode-service.js';
import type { LinkWatcher } from '../network/link-watcher.js';
import { LocalApiService } from '../local-api/local-api-service.js';
import type { NetworkMonitor } from '../network/network-monitor.js';
import type { Notifier } from '../network/offline-fallback.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { appEventPolicy, type AppEvent } from './app-events.js';
import { ledgerBatchHandler } from '../mesh/ledger-batch-handler.js';
import { paidTaskHandler } from '../mesh/paid-task-provider.js';
import type { RequestRouter } from '../routing/request-router.js';
import { RouteBoard } from '../routing/route-board.js';
import { wireBle } from './ble-wiring.js';
import { createHandlers } from './contract-handlers.js';
import { wireInference, type InferenceParts } from './inference-wiring.js';
import { modelsStatus } from './model-handlers.js';
import { creditsSummary, ledgerLifecycle } from './ledger-wiring.js';
import { wireNetwork } from './network-wiring.js';
import { wireRouting } from './routing-wiring.js';
import { wireSwarm } from './swarm-wiring.js';
import { PeerNameBook } from './peer-names.js';
import { SnapshotService } from './snapshot-service.js';
import type { PowerSource } from '../power/power-source.js';
import { SystemPowerSource } from '../power/system-power-source.js';
import { AdmissionGate } from '../worker/admission-gate.js';
import { admittedRun } from '../worker/admitted-run.js';

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
  const gate: AdmissionGate = new AdmissionGate({
    mode,
    settings,
    power,
    clock,
    context: () => snapshot.currentSlices(),
    note: (level, message) => snapshot.note(level, message),
  });
  const snapshot: SnapshotService = new SnapshotService({ mode, bus, clock, worker: gate });
  for (const problem of settings.problems) snapshot.note('warn', problem);
  const notify: Notifier = (title, body) => {
    snapshot.note('info', `${title}. ${body}`);
    deps.notify?.(title, body);
  };

  const client = new CoordinatorClient({ baseUrl: settings.read().coordinatorUrl, clock, ...(deps.network?.fetch ? { fetch: deps.network.fetch } : {}) });
  // The ledger syncs through the session once it exists (it re-registers on a 401, as the heartbeat does).
  let session: CoordinatorSession | null = null;
  const syncTransport: BleSyncTransport = { bleSync: (body, opts) => (session ?? client).bleSync(body, opts) };
  let ledger: Ledger | null = null;
  try {
    const agentId = settings.read().agentId;
    ledger = createLedger({ dataDir: deps.dataDir, transport: syncTransport, clock, logger: logger.child('ledger'), ...(deps.sealer ? { sealer: deps.sealer } : {}), ...(agentId ? { agentId } : {}) });
  } catch (err) {
    snapshot.note('error', `Credits and Bluetooth are unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const refreshCredits = (): void => {
    if (ledger) snapshot.update('credits', creditsSummary(ledger.service));
  };
  ledger?.sync.onResult((result) => {
    refreshCredits();
    if (result.error) snapshot.note('warn', `Ledger sync failed (will retry): ${result.error}`);
    else if (result.applied + result.skipped > 0) snapshot.note('info', `Ledger synced: ${result.applied} applied, ${result.skipped} skipped.`);
  });

  const inference = wireInference({ dataDir: deps.dataDir, transport: deps.inferenceTransport, clock, logger: logger.child('inference'), power: () => power.current(), ...(deps.inferenceThreads ? { threads: deps.inferenceThreads } : {}) });
  const activeModel = (): { name: string; paramSize: number } | null => {
    const m = inference.summary();
    return m && m.state === 'ready' ? { name: m.name, paramSize: m.paramSize } : null;
  };
  const routes = new RouteBoard({ clock });
  routes.onChange(() => {
    const view = routes.view();
    snapshot.update('peers', view.peers);
    snapshot.update('routing', { ...snapshot.slice('routing'), self: view.self });
  });
  const refreshSelf = (): void => {
    const load = inference.engine.loadSnapshot();
    routes.setSelf({ readyModel: activeModel(), running: load.busy, queued: load.queued, deviceType: power.current().deviceType });
  };
  inference.onChange(refreshSelf);
  const wired = wireNetwork({ client, ledger, settings, mode, version: deps.version, activeModel, notify, onRestored: refreshCredits, power, onCoordinatorLimit: (max) => gate.setCoordinatorLimit(max), clock, logger, ...(deps.network?.hasLink ? { hasLink: deps.network.hasLink } : {}) });
  const { network, service: networkService } = wired;
  session = wired.session;
  network.onChange((state) => snapshot.update('network', state));
  const swarm = wireSwarm({ client, session, engine: inference.engine, admission: gate, mode, clock, logger: logger.child('swarm'), onActivity: (level, text) => snapshot.note(level, text) });

  let lastRefusal: string | null = null;
  // The name a nearby device advertises, when this computer's scan has seen it, reads better than its id.
  const peerNames = new PeerNameBook();
  const nameOf = (agentId: string): string => {
    const seen = peerNames.nameOf(agentId);
    return seen ? `${seen} (${agentId.slice(0, 11)}…)` : agentId;
  };
  const ble = ledger
    ? wireBle({
        identity: ledger.identity,
        settings,
        ...(deps.ble?.meshToken ? { meshTokenOverride: deps.ble.meshToken } : {}),
        capabilities: inference.capabilities,
        taskHandler: paidTaskHandler({
          ledger: ledger.service,
          run: admittedRun(gate, 'mesh', inference.runMeshTask),
          clock,
          requireIntent: true,
          onOutcome: (e) => {
            if (e.tx) {
              lastRefusal = null;
              refreshCredits();
              snapshot.note('info', `Served a task for ${nameOf(e.requesterId)} over Bluetooth: +${e.tx.credits} credits (${e.tx.cpuSeconds} CPU s), pending sync.`);
              return;
            }
            // The same refusal again and again (no model chosen yet) is one note, not a flood.
            const refusal = `A task from ${nameOf(e.requesterId)} over Bluetooth was not served: ${e.error ?? 'unknown reason'}`;
            if (refusal !== lastRefusal) snapshot.note('warn', refusal);
            lastRefusal = refusal;
          },
        }),
        ledgerHandler: ledgerBatchHandler({
          identity: ledger.identity,
          store: ledger.store,
          onRecorded: (count) => {
            ledger?.sync.notifyRecorded();
            refreshCredits();
            snapshot.note('info', `A nearby device handed over ${count} transaction(s) this computer was missing; recorded, pending sync.`);
          },
        }),
        mode,
        clock,
        logger,
        ...(deps.ble?.nobleFactory ? { nobleFactory: deps.ble.nobleFactory } : {}),
        ...(deps.ble?.blenoSource ? { blenoSource: deps.ble.blenoSource } : {}),
        onChange: (bluetooth, peers, meshTokenHash) => {
          snapshot.update('bluetooth', bluetooth);
          routes.setMeshTokenHash(meshTokenHash);
          routes.setPeers(peers);
          peerNames.learn(peers);
        },
      })
    : null;
  const router = wireRouting({
    routes, engine: inference.engine, central: ble?.central ?? null, ledger, clock, logger: logger.child('routing'),
    onRouted: (request, recent) => {
      snapshot.update('routing', { ...snapshot.slice('routing'), recent });
      if (request.credits) refreshCredits();
    },
  });
  const localApi = new LocalApiService({
    dataDir: deps.dataDir,
    port: deps.localApiPort ?? settings.read().localApi.port,
    runner: router,
    clock,
    logger: logger.child('local-api'),
    note: (level, message) => snapshot.note(level, message),
  });
  const handlers = createHandlers({ mode, snapshot, ledger: ledger?.service ?? null, clock, inference, gate, localApi, peerNames });
  power.onChange(() => {
    ble?.peripheral.updateCapabilities(inference.capabilities());
    refreshSelf();
  });
  inference.onChange(() => {
    snapshot.update('model', inference.summary());
    bus.publish({ name: 'models', payload: modelsStatus(inference.models, inference.engine) });
    ble?.peripheral.updateCapabilities(inference.capabilities());
  });
  inference.models.on('active-changed', (entry) => snapshot.note('info', entry ? `Model ${entry.fileName} chosen.` : 'No model chosen: the worker pauses.'));
  inference.models.on('download', (d) => {
    if (d.state === 'done') snapshot.note('info', `Downloaded ${d.fileName ?? d.uri}.`);
    if (d.state === 'failed') snapshot.note('warn', `Download of ${d.fileName ?? d.uri} failed: ${d.error ?? 'unknown error'}`);
  });

  const services: Service[] = [power, mode, gate, ...(ledger ? [ledgerLifecycle(ledger)] : []), inference.service, networkService, swarm.service, ...(ble ? [ble.service] : [])];
  const started: Service[] = [];
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
      for (const service of services) {
        await service.start();
        started.push(service);
        logger.log('debug', 'service.started', { service: service.name });
      }
      refreshCredits();
      snapshot.update('model', inference.summary());
      refreshSelf();
    },
    async stop() {
      handlers.abortDownloads();
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
