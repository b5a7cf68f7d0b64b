/**
 * The admission port with N slots and pause reasons the test decides: drives the swarm worker in its
 * unit tests and benchmark without the whole core (the app uses the real AdmissionGate).
 */
import type { PauseReason } from '../../src/shared/snapshot.js';
import type { Admission, AdmissionPort, WorkSource } from '../../src/main/worker/admission-port.js';

export class SlotAdmission implements AdmissionPort {
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
    if (this.busy >= this.opts.slots) return { admitted: false, reasons: [{ code: 'at_capacity', message: `All ${this.opts.slots} slot(s) for contributed work are busy.` }] };
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
