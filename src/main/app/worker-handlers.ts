import type { ContractHandlers } from '../ipc/dispatcher.js';
import type { AdmissionGate } from '../worker/admission-gate.js';
import type { SnapshotService } from './snapshot-service.js';

type WorkerOps = 'snooze' | 'resumeWork' | 'finishThenStop';

/** The worker controls the tray and the dashboard share: snooze, resume, finish then stop. */
export function createWorkerHandlers(deps: {
  gate: Pick<AdmissionGate, 'snoozeWork' | 'resume' | 'finishThenStop'>;
  snapshot: Pick<SnapshotService, 'current'>;
}): Pick<ContractHandlers, WorkerOps> {
  const { gate, snapshot } = deps;
  return {
    snooze: async (request) => {
      gate.snoozeWork(request);
      return snapshot.current();
    },
    resumeWork: async () => {
      gate.resume();
      return snapshot.current();
    },
    finishThenStop: async () => {
      gate.finishThenStop();
      return snapshot.current();
    },
  };
}
