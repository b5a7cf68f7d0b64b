import path from 'node:path';
import type { CreditsSummary } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import { loadOrCreateIdentity, type Identity, type SecretSealer } from '../ledger/identity.js';
import { LedgerService } from '../ledger/ledger-service.js';
import { LedgerStore } from '../ledger/ledger-store.js';
import { LedgerSyncEngine } from '../ledger/sync-engine.js';

export interface LedgerParts {
  identity: Identity;
  store: LedgerStore;
  sync: LedgerSyncEngine;
  ledger: LedgerService;
  /** Closes the database; the sync engine is a service stopped before it. */
  close: Service;
}

/**
 * Builds the offline ledger: the persistent identity, the SQLite store in the data dir, the sync
 * engine over the coordinator client. A damaged identity file is an error the caller shows; it is
 * never replaced silently (that would orphan the credits bound to the old key).
 */
export function buildLedger(opts: {
  dataDir: string;
  client: CoordinatorClient;
  clock: Clock;
  logger: Logger;
  sealer?: SecretSealer;
  agentId?: string | null;
}): LedgerParts {
  const identity = loadOrCreateIdentity({
    dataDir: opts.dataDir,
    ...(opts.sealer ? { sealer: opts.sealer } : {}),
    ...(opts.agentId ? { agentId: opts.agentId } : {}),
  });
  const store = LedgerStore.open(path.join(opts.dataDir, 'ledger.db'), { selfId: identity.agentId, now: () => opts.clock.now() });
  const sync = new LedgerSyncEngine({ store, transport: opts.client, clock: opts.clock, logger: opts.logger.child('sync') });
  const ledger = new LedgerService(identity, store, sync);
  return {
    identity,
    store,
    sync,
    ledger,
    close: { name: 'ledger-store', start: async () => undefined, stop: async () => store.close() },
  };
}

/** The Credits slice of the snapshot, from the ledger's own report. */
export function creditsSummary(ledger: LedgerService): CreditsSummary {
  const status = ledger.status({ maxPoints: 1, maxPeers: 1 });
  const last = status.sync.lastResult;
  return {
    earned: status.balance.earned,
    spent: status.balance.spent,
    pending: status.balance.pending,
    synced: status.balance.synced,
    lastSync: last ? { at: last.at, applied: last.applied, skipped: last.skipped + last.rejected, error: last.error } : null,
  };
}
