import type { ComputeMode } from '../../shared/modes.js';
import { SANDBOX_OFF_MESSAGE } from '../coding/coding-types.js';
import type { BluetoothState, ModelSummary, NetworkState, PauseReason, PauseReasonCode, WorkerStatus } from '../../shared/snapshot.js';
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

const modelNotReady = { 'not-loaded': 'model_not-loaded', loading: 'model_loading', failed: 'model_failed' } as const satisfies Record<Exclude<ModelSummary['state'], 'ready'>, PauseReasonCode>;

/**
 * Why the worker takes no new work now, as codes, in the order the user should read them: their own
 * choices first (finish then stop, snooze), then power, the model, the network. Empty in Off (the mode
 * says it). Decided from states only: the words (reasonWords) never enter a decision.
 */
export function blockingCodes(i: GateInputs): PauseReasonCode[] {
  if (i.mode === 'off') return [];
  const codes: PauseReasonCode[] = [];
  if (i.draining) codes.push('draining');
  if (i.snoozedUntil !== null) codes.push('snoozed');
  codes.push(...i.powerReasons.map((r) => r.code));
  if (!i.model) codes.push('no_model');
  else if (i.model.state !== 'ready') codes.push(modelNotReady[i.model.state]);
  if (i.mode === 'on' && i.network.state === 'offline') codes.push('coordinator_unreachable');
  if (i.mode === 'bluetooth-local' && (i.bluetooth.state === 'unavailable' || i.bluetooth.state === 'powered-off')) codes.push('bluetooth_unavailable');
  return codes;
}

/** Why one more task from `source` may not start now, as codes; empty means admit it. */
export function refusalCodes(i: GateInputs, source: WorkSource): PauseReasonCode[] {
  if (i.mode === 'off') return ['mode_off'];
  const blocking = blockingCodes(i);
  if (blocking.length) return blocking;
  if (!sourceTakenIn(source, i)) return ['wrong_mode'];
  // Swarm subtasks are coding tasks: with running code for others turned off, the swarm is held.
  if (source === 'swarm' && i.sandboxEnabled === false) return ['sandbox_off'];
  if (i.running >= i.capacity) return ['at_capacity'];
  return [];
}

/** The words shown for a code (the dashboard, the tray, a refused requester), from the same inputs. */
export function reasonWords(code: PauseReasonCode, i: GateInputs, formatTime: (ms: number) => string, source: WorkSource = 'mesh'): string {
  switch (code) {
    case 'mode_off': return 'The compute mode is Off';
    case 'draining': return `Finishing ${i.running} running task(s), then switching to Off`;
    case 'snoozed': return `Snoozed until ${formatTime(i.snoozedUntil ?? 0)}`;
    case 'no_model': return 'No local model is active: add or download a model to offer compute.';
    case 'model_not-loaded':
    case 'model_loading':
    case 'model_failed': return `Model ${i.model?.name ?? ''}: ${i.model?.detail ?? ''}`;
    case 'coordinator_unreachable': return `Coordinator unreachable: ${i.network.detail}`;
    case 'bluetooth_unavailable': return `Bluetooth ${i.bluetooth.state}: ${i.bluetooth.detail}`;
    case 'wrong_mode': {
      const what = source === 'swarm' ? 'Swarm tasks are taken in On' : 'Tasks from nearby devices are taken in Bluetooth Local (and in On with "serve nearby devices while On")';
      return `${what}, not in the current mode`;
    }
    case 'at_capacity': return `All ${i.capacity} task slot(s) are busy`;
    case 'sandbox_off': return SANDBOX_OFF_MESSAGE;
    default: return i.powerReasons.find((r) => r.code === code)?.message ?? code;
  }
}

const explain = (codes: PauseReasonCode[], i: GateInputs, formatTime: (ms: number) => string, source?: WorkSource): PauseReason[] =>
  codes.map((code) => ({ code, message: reasonWords(code, i, formatTime, source) }));

/** The blocking codes with their words (the snapshot's worker reasons). */
export function blockingReasons(i: GateInputs, formatTime: (ms: number) => string): PauseReason[] {
  return explain(blockingCodes(i), i, formatTime);
}

/** The snapshot's worker value: the state named by the first reason that holds it. */
export function workerStatus(i: GateInputs, formatTime: (ms: number) => string): WorkerStatus {
  const codes = blockingCodes(i);
  const state: WorkerStatus['state'] =
    i.mode === 'off' ? 'off' : i.draining ? 'draining' : i.snoozedUntil !== null ? 'snoozed' : codes.length ? 'paused' : 'running';
  return { state, reasons: explain(codes, i, formatTime), snoozedUntil: i.snoozedUntil, running: i.running, capacity: i.capacity };
}

/** The refusal codes with their words (what a refused source reports). */
export function refusalReasons(i: GateInputs, source: WorkSource, formatTime: (ms: number) => string): PauseReason[] {
  return explain(refusalCodes(i, source), i, formatTime, source);
}

/** Capacity: the local setting, lowered by the coordinator's maxConcurrentTasks when it sent one. */
export function effectiveCapacity(setting: number, coordinatorMax: number | null): number {
  const policy = coordinatorMax !== null && Number.isFinite(coordinatorMax) && coordinatorMax >= 1 ? Math.floor(coordinatorMax) : Infinity;
  return Math.max(1, Math.min(setting, policy));
}
