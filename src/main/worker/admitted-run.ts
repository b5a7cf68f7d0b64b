import type { AdmissionPort, WorkSource } from './admission-port.js';

/** What a task the gate refused answers: not run, the gate's words as its error. */
export interface RefusedWork {
  ok: false;
  error: string;
}

/**
 * Wraps a task runner so it first asks the admission gate: refused, the task does not run and the
 * refusal carries the gate's words; admitted, the slot is released when the task ends, ok or not.
 */
export function admittedRun<A extends unknown[], R>(
  gate: AdmissionPort,
  source: WorkSource,
  run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | RefusedWork> {
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
