/**
 * The one question every source of contributed work asks before taking a task (DESIGN "Contributing
 * compute: one admission gate"): may this computer start one more task for others now? The user's own
 * local API requests never ask it.
 */
import type { PauseReason } from '../../shared/snapshot.js';

/** Where contributed work comes from: the coordinator's swarm (On) or a nearby device over Bluetooth. */
export type WorkSource = 'swarm' | 'mesh';

export type Admission =
  | { admitted: true; /** Frees the slot; call once when the task ends (ok or not). */ release(): void }
  | { admitted: false; reasons: PauseReason[] };

export interface AdmissionPort {
  tryAdmit(source: WorkSource): Admission;
  /** Called whenever the answer may have changed (mode, snooze, drain, power, model, a slot freed). */
  onChange(listener: () => void): () => void;
}
