/**
 * What the Activity panel says when a sync's read-back finds a charge this computer never recorded
 * (settled-readback.ts): who charged, for what, how much. Devices are named as the scan saw them.
 */
import type { ReadBackCharge } from '../ledger/settled-readback.js';
import type { ActivityLine } from './mesh-task-notes.js';

export function readBackChargeLine(charge: ReadBackCharge, name: string): ActivityLine {
  const why = charge.gaveUp ? `for a request that ${charge.gaveUp}` : 'for a request this computer has no answer for';
  return {
    level: 'warn',
    text: `Charged by ${name} ${why}: ${charge.credits} credits, settled by the coordinator (now counted as spent).`,
    topic: 'credits',
  };
}
