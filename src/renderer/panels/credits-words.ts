/**
 * The Credits panel's words for the two things encoding v2 makes visible: answers a nearby device has
 * not acknowledged (this computer's work, not settled until it does), and charges this computer learned
 * of only from the coordinator (requests it had given up on). Devices by name when seen, else agent id.
 */
import type { LedgerReadBackCharge, LedgerUnacknowledged } from '../../shared/ledger-status.js';

const who = (p: { peerId: string; name?: string | undefined }): string => p.name ?? `${p.peerId.slice(0, 18)}…`;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function unacknowledgedWords(u: LedgerUnacknowledged): string {
  return `${who(u)} has not acknowledged ${plural(u.count, 'answer', 'answers')} (${u.credits} credits, not settled until it does).`;
}

export function readBackWords(r: LedgerReadBackCharge): string {
  return `Charged by ${who(r)} for ${plural(r.count, 'request', 'requests')} this computer had given up on: ${r.credits} credits (read back from the coordinator).`;
}
