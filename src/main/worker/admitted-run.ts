import type { WorkOutcome } from '../mesh/paid-task-provider.js';
import type { AdmissionPort, WorkSource } from './admission-port.js';

/**
 * Wraps a task runner so it first asks the admission gate: refused, the task does not run and the
 * refusal carries the gate's words; admitted, the slot is released when the task ends, ok or not.
 */
export function admittedRun<A extends unknown[]>(
  gate: AdmissionPort,
  source: WorkSource,
  run: (...args: A) => Promise<WorkOutcome>,
): (...args: A) => Promise<WorkOutcome> {
  return async (...args) => {
    const admission = gate.tryAdmit(source);
    if (!admission.admitted) {
      return { ok: false, error: `not taking work now: ${admission.reasons.map((r) => r.message).join('; ')}` };
    }
    try {
      return await run(...args);
    } finally {
      admission.release();
    }
  };
}
