/**
 * INTERIM admission gate, until the real one (mode, snooze, drain, power, model, capacity) lands and
 * replaces this module: admits contributed work while `pauseReasons()` is empty and a slot is free.
 * The composition root feeds it mode + model readiness (interimSwarmReasons); tests feed it their own.
 */
import type { PauseReason } from '../../shared/snapshot.js';
import type { Admission, AdmissionPort, WorkSource } from './admission-port.js';

export class InterimAdmission implements AdmissionPort {
  private busy = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: { slots: number; pauseReasons: (source: WorkSource) => PauseReason[] }) {
    if (!Number.isInteger(opts.slots) || opts.slots < 1) throw new RangeError('slots must be a positive integer');
  }

  get inUse(): number {
    return this.busy;
  }

  tryAdmit(source: WorkSource): Admission {
    const reasons = this.opts.pauseReasons(source);
    if (reasons.length) return { admitted: false, reasons };
    if (this.busy >= this.opts.slots) return { admitted: false, reasons: [{ code: 'busy', message: `All ${this.opts.slots} slot(s) for contributed work are busy.` }] };
    this.busy++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.busy--;
        this.changed();
      },
    };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call when what pauseReasons() answers may have changed. */
  changed(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** The interim rule for the swarm: On, and a model chosen and loaded. */
export function interimSwarmReasons(mode: string, modelState: string | null): PauseReason[] {
  const reasons: PauseReason[] = [];
  if (mode !== 'on') reasons.push({ code: 'mode', message: 'The mode is not On.' });
  if (modelState !== 'ready') reasons.push({ code: 'model', message: modelState === null ? 'No model is chosen.' : `The model is ${modelState === 'loading' ? 'still loading' : modelState}.` });
  return reasons;
}
