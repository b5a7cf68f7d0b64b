import type { BluetoothState } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { PeerRecord } from '../ble/central/index.js';
import type { Ledger } from '../ledger/create-ledger.js';
import { ledgerBatchHandler } from '../mesh/ledger-batch-handler.js';
import { paidTaskHandler } from '../mesh/paid-task-provider.js';
import { withCoding } from '../mesh/mesh-coding.js';
import type { CodingRunner } from '../coding/coding-types.js';
import type { ModeService } from '../modes/mode-service.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { AdmissionPort } from '../worker/admission-port.js';
import { admittedRun } from '../worker/admitted-run.js';
import { wireBle, type BleDeps } from './ble-wiring.js';
import { writeActivityLine } from './activity-notes.js';
import type { InferenceParts } from './inference-wiring.js';
import { deviceLabel, ledgerHandoverLine, MeshTaskNotes, type NoteSink } from './mesh-task-notes.js';

/**
 * The Bluetooth mesh as the app runs it: nearby devices' paid tasks go through the admission gate to
 * the local model, their ledger hand-overs are recorded, and both leave Activity lines; Bluetooth
 * itself follows the mode (ble-wiring). Without a ledger (no identity) there is no mesh.
 */
export function wireMesh(deps: {
  ledger: Ledger;
  gate: AdmissionPort;
  inference: Pick<InferenceParts, 'capabilities' | 'runMeshTask'>;
  /** Runs coding requests in the sandbox (null while sandbox.enabled is off: they are refused with that reason). */
  coding?: () => CodingRunner | null;
  settings: SettingsStore;
  mode: ModeService;
  clock: Clock;
  logger: Logger;
  ble?: { nobleFactory?: BleDeps['nobleFactory']; blenoSource?: BleDeps['blenoSource']; meshToken?: string };
  note: NoteSink;
  /** A transaction was recorded (served task or hand-over): the Credits slice refreshes. */
  onRecorded: () => void;
  onChange: (bluetooth: BluetoothState, peers: PeerRecord[], meshTokenHash: string | null) => void;
}): ReturnType<typeof wireBle> {
  const { ledger, clock } = deps;
  // Resolved lazily: the central exists once wireBle returns; tasks arrive only after it started.
  let ble: ReturnType<typeof wireBle> | null = null;
  const notes = new MeshTaskNotes({
    nameOf: (agentId) => deviceLabel(agentId, ble?.central.peers() ?? []),
    note: deps.note,
    onServed: deps.onRecorded,
  });
  ble = wireBle({
    identity: ledger.identity,
    settings: deps.settings,
    ...(deps.ble?.meshToken ? { meshTokenOverride: deps.ble.meshToken } : {}),
    capabilities: deps.inference.capabilities,
    taskHandler: paidTaskHandler({
      ledger: ledger.service,
      run: admittedRun(deps.gate, 'mesh', withCoding(deps.inference.runMeshTask, deps.coding ?? null)),
      clock,
      requireIntent: true,
      onOutcome: (e) => notes.record(e),
    }),
    ledgerHandler: ledgerBatchHandler({
      identity: ledger.identity,
      store: ledger.store,
      onRecorded: (count) => {
        ledger.sync.notifyRecorded();
        deps.onRecorded();
        writeActivityLine(deps.note, ledgerHandoverLine(count));
      },
    }),
    mode: deps.mode,
    clock,
    logger: deps.logger,
    ...(deps.ble?.nobleFactory ? { nobleFactory: deps.ble.nobleFactory } : {}),
    ...(deps.ble?.blenoSource ? { blenoSource: deps.ble.blenoSource } : {}),
    onChange: deps.onChange,
  });
  return ble;
}
