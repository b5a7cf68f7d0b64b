import type { CreditsSummary } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { createLedger, type Ledger } from '../ledger/create-ledger.js';
import type { SecretSealer } from '../ledger/identity.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { BleSyncTransport } from '../ledger/sync-engine.js';
import type { SettledTransport } from '../ledger/settled-readback.js';

/** The ledger as one service: the sync engine starts with the core; stopping it also closes the database. */
export function ledgerLifecycle(ledger: Ledger): Service {
  return { name: 'ledger', start: () => ledger.sync.start(), stop: () => ledger.close() };
}

/** The Credits slice of the snapshot, from the ledger's own report. */
export function creditsSummary(ledger: LedgerService): CreditsSummary {
  const { balance, sync } = ledger.status({ maxPoints: 1, maxPeers: 1 });
  return { earned: balance.earned, spent: balance.spent, pending: balance.pending, synced: balance.synced, lastSync: sync.lastResult };
}

/**
 * Opens the identity and the ledger in the data dir; a failure (unreadable key, locked database) is
 * handed to `onUnavailable` and gives null: the core runs on without credits and Bluetooth.
 */
export function openLedger(options: {
  dataDir: string;
  agentId: string | null;
  transport: BleSyncTransport & Partial<SettledTransport>;
  clock: Clock;
  logger: Logger;
  sealer?: SecretSealer;
  onUnavailable: (err: unknown) => void;
}): Ledger | null {
  try {
    return createLedger({ dataDir: options.dataDir, transport: options.transport, clock: options.clock, logger: options.logger, ...(options.sealer ? { sealer: options.sealer } : {}), ...(options.agentId ? { agentId: options.agentId } : {}) });
  } catch (err) {
    options.onUnavailable(err);
    return null;
  }
}
