import type { ComputeMode } from '../../shared/modes.js';
import { SANDBOX_OFF_MESSAGE } from '../coding/coding-types.js';
import type { BluetoothState, ModelSummary, NetworkState, PauseReason, WorkerStatus } from '../../shared/snapshot.js';
import type { WorkSource } from './admission-port.js';

/** Everything the gate's answer depends on, at one instant. */
export interface GateInputs {
  mode: ComputeMode;
  /** An active snooze's end (already in the future), or null. */
  snoozedUntil: number | null;
  draining: boolean;
  /** The power policy's reasons (empty: power allows work). */
  powerReasons: PauseReason[];
  model: ModelSummary | null;
  network: NetworkState;
  bluetooth: BluetoothState;
  running: number;
  capacity: number;
  /** The setting: in On, nearby devices' tasks are served too (Bluetooth Local always serves them). */
  serveNearbyWhileOn: boolean;
  /** The setting sandbox.enabled (absent: on). Off holds swarm work, which is coding tasks. */
  sandboxEnabled?: boolean;
}

/** Whether a source of contributed work is taken in this mode: the swarm in On; nearby devices in Bluetooth Local, and in On unless the user turned that off. */
function sourceTakenIn(source: WorkSource, i: GateInputs): boolean {
  if (source === 'swarm') return i.mode === 'on';
  return i.mode === 'bluetooth-local' || (i.mode === 'on' && i.serveNearbyWhileOn);
}

/**
 * Why the worker takes no new work now, in the order the user should read them: their own choices
 * first (finish then stop, snooze), then power, the model, the network. Empty in Off (the mode says it).
 */
export function blockingReasons(i: GateInputs, formatTime: (ms: number) => string): PauseReason[] {
  if (i.mode === 'off') return [];
  const reasons: PauseReason[] = [];
  if (i.draining) {
    reasons.push({ code: 'draining', message: `Finishing ${i.running} running task(s), then switching to Off` });
  }
  if (i.snoozedUntil !== null) {
    reasons.push({ code: 'snoozed', message: `Snoozed until ${formatTime(i.snoozedUntil)}` });
  }
  reasons.push(...i.powerReasons);
  if (!i.model) {
    reasons.push({ code: 'no_model', message: 'No local model is active: add or download a model to offer compute.' });
  } else if (i.model.state !== 'ready') {
    reasons.push({ code: `model_${i.model.state}`, message: `Model ${i.model.name}: ${i.model.detail}` });
  }
  if (i.mode === 'on' && i.network.state === 'offline') {
    reasons.push({ code: 'coordinator_unreachable', message: `Coordinator unreachable: ${i.network.detail}` });
  }
  if (i.mode === 'bluetooth-local' && (i.bluetooth.state === 'unavailable' || i.bluetooth.state === 'powered-off')) {
    reasons.push({ code: 'bluetooth_unavailable', message: `Bluetooth ${i.bluetooth.state}: ${i.bluetooth.detail}` });
  }
  return reasons;
}

/** The snapshot's worker value: the state named by the first reason that holds it. */
export function workerStatus(i: GateInputs, formatTime: (ms: number) => string): WorkerStatus {
  const reasons = blockingReasons(i, formatTime);
  const state: WorkerStatus['state'] =
    i.mode === 'off' ? 'off' : i.draining ? 'draining' : i.snoozedUntil !== null ? 'snoozed' : reasons.length ? 'paused' : 'running';
  return { state, reasons, snoozedUntil: i.snoozedUntil, running: i.running, capacity: i.capacity };
}

/** Why one more task from `source` may not start now; empty means admit it. */
export function refusalReasons(i: GateInputs, source: WorkSource, formatTime: (ms: number) => string): PauseReason[] {
  if (i.mode === 'off') return [{ code: 'mode_off', message: 'The compute mode is Off' }];
  const blocking = blockingReasons(i, formatTime);
  if (blocking.length) return blocking;
  if (!sourceTakenIn(source, i)) {
    const what = source === 'swarm' ? 'Swarm tasks are taken in On' : 'Tasks from nearby devices are taken in Bluetooth Local (and in On with "serve nearby devices while On")';
    return [{ code: 'wrong_mode', message: `${what}, not in the current mode` }];
  }
  if (source === 'swarm' && i.sandboxEnabled === false) {
    return [{ code: 'sandbox_off', message: SANDBOX_OFF_MESSAGE }];
  }
  if (i.running >= i.capacity) {
    return [{ code: 'at_capacity', message: `All ${i.capacity} task slot(s) are busy` }];
  }
  return [];
}

/** Capacity: the local setting, lowered by the coordinator's maxConcurrentTasks when it sent one. */
export function effectiveCapacity(setting: number, coordinatorMax: number | null): number {
  const policy = coordinatorMax !== null && Number.isFinite(coordinatorMax) && coordinatorMax >= 1 ? Math.floor(coordinatorMax) : Infinity;
  return Math.max(1, Math.min(setting, policy));
}
