/**
 * The network side of the runner as the composition root builds it (settings, mode, ledger with its sync
 * engine, coordinator session, network monitor, link watcher, offline fallback) on a ManualClock, talking
 * real HTTP to the reference coordinator through a CoordinatorGate. The OS link is a switch.
 */
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { wireNetwork } from '../../src/main/app/network-wiring.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import type { CoordinatorSession } from '../../src/main/coordinator-client/coordinator-session.js';
import { createLedger } from '../../src/main/ledger/create-ledger.js';
import type { BleSyncTransport } from '../../src/main/ledger/sync-engine.js';
import { ModeService, type ModeState } from '../../src/main/modes/mode-service.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { ComputeMode } from '../../src/shared/modes.js';
import { tempDir } from '../support/temp-dir.js';
import { startGate, type CoordinatorGate } from './coordinator-gate.js';

export async function startRunner(initialMode: ComputeMode = 'on') {
  const clock = new ManualClock();
  const baseline = clock.pending;
  const logger = memoryLogger();
  const coordDir = tempDir('edgecoder-coord-');
  const coordinator: RunningCoordinator = await startCoordinator({ dataDir: coordDir.dir, verifyThreads: 0 });
  const gate: CoordinatorGate = await startGate(coordinator.url);
  const dir = tempDir('edgecoder-runner-');
  const settings = openConfSettings(dir.dir, logger);
  settings.update({ coordinatorUrl: gate.url, mode: initialMode });
  const mode = new ModeService({ settings, clock, logger });
  const modeChanges: Array<{ from: ComputeMode } & ModeState> = [];
  let last = mode.current.mode;
  mode.onChange((s) => {
    modeChanges.push({ from: last, ...s });
    last = s.mode;
  });
  const client = new CoordinatorClient({ baseUrl: gate.url, clock });
  let session: CoordinatorSession | null = null;
  const transport: BleSyncTransport = { bleSync: (body, opts) => (session ?? client).bleSync(body, opts) };
  const ledger = createLedger({ dataDir: dir.dir, transport, clock });
  let linkUp = true;
  const notes: string[] = [];
  const wired = wireNetwork({
    client, ledger, settings, mode, version: 'test', activeModel: () => null, notify: (title) => notes.push(title),
    onRestored: () => undefined, clock, logger, hasLink: () => linkUp, power: new SimulatedPowerSource(),
  });
  session = wired.session;
  await mode.start();
  await ledger.sync.start();
  await wired.service.start();
  let coord = coordinator;
  return {
    clock, baseline, logger, gate, settings, mode, modeChanges, ledger, notes, client,
    network: wired.network, link: wired.link, service: wired.service,
    get coordinator() {
      return coord;
    },
    setLink(up: boolean) {
      linkUp = up;
    },
    /** Replaces the coordinator behind the gate with a fresh one (new database: it knows no agent). */
    async restartCoordinatorFresh(): Promise<RunningCoordinator> {
      await coord.close();
      coord = await startCoordinator({ dataDir: tempDir('edgecoder-coord-').dir, verifyThreads: 0 });
      gate.upstream = coord.url;
      return coord;
    },
    /** Waits until the heartbeat in flight (if any) finished or is held by a silent gate. */
    async heartbeatSettled(): Promise<void> {
      const held = (): boolean => (gate.held.get('/heartbeat') ?? 0) + (gate.held.get('/register') ?? 0) > 0;
      if (held()) return;
      await Promise.race([wired.network.settled(), gate.nextHeld()]);
    },
    async stop(): Promise<void> {
      await wired.service.stop();
      await ledger.close();
      await gate.close();
      await coord.close();
      dir.cleanup();
      coordDir.cleanup();
    },
  };
}
export type Runner = Awaited<ReturnType<typeof startRunner>>;
