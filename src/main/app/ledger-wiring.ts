import type { CreditsSummary } from '../../shared/snapshot.js';
import type { Service } from '../core/service.js';
import type { Ledger } from '../ledger/create-ledger.js';
import type { LedgerService } from '../ledger/ledger-service.js';

/** The ledger as one service: the sync engine starts with the core; stopping it also closes the database. */
export function ledgerLifecycle(ledger: Ledger): Service {
  return { name: 'ledger', start: () => ledger.sync.start(), stop: () => ledger.close() };
}

/** The Credits slice of the snapshot, from the ledger's own report. */
export function creditsSummary(ledger: LedgerService): CreditsSummary {
  const { balance, sync } = ledger.status({ maxPoints: 1, maxPeers: 1 });
  return { earned: balance.earned, spent: balance.spent, pending: balance.pending, synced: balance.synced, lastSync: sync.lastResult };
}
