import type { ComputeMode } from '../../shared/modes.js';
import type { PauseReason, Snapshot } from '../../shared/snapshot.js';
import type { SnapshotSlices } from './snapshot-service.js';

/**
 * Whether the worker runs, and if not, every reason why, in words the dashboard shows as they are.
 * Derived from the mode and the other slices, never stored.
 */
export function deriveWorkerStatus(mode: ComputeMode, slices: SnapshotSlices): Snapshot['worker'] {
  if (mode === 'off') return { state: 'off', reasons: [] };
  const reasons: PauseReason[] = [];
  if (!slices.model) {
    reasons.push({ code: 'no_model', message: 'No local model is active: add or download a model to offer compute.' });
  } else if (slices.model.state !== 'ready') {
    reasons.push({ code: `model_${slices.model.state}`, message: `Model ${slices.model.name}: ${slices.model.detail}` });
  }
  if (mode === 'on' && slices.network.state === 'offline') {
    reasons.push({ code: 'coordinator_unreachable', message: `Coordinator unreachable: ${slices.network.detail}` });
  }
  if (mode === 'bluetooth-local' && (slices.bluetooth.state === 'unavailable' || slices.bluetooth.state === 'powered-off')) {
    reasons.push({ code: 'bluetooth_unavailable', message: `Bluetooth ${slices.bluetooth.state}: ${slices.bluetooth.detail}` });
  }
  return { state: reasons.length ? 'paused' : 'running', reasons };
}
