/**
 * Composition helper for the app's root: identity + store + sync engine + service from a data dir.
 * The caller starts/stops `sync` with the other services and tells it when the coordinator is reachable.
 */
import { join } from 'node:path';
import type { BackoffPolicy } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { loadOrCreateIdentity } from './identity.js';
import type { Identity, SecretSealer } from './identity.js';
import { LedgerService } from './ledger-service.js';
import { LedgerStore } from './ledger-store.js';
import { LedgerSyncEngine } from './sync-engine.js';
import type { BleSyncTransport } from './sync-engine.js';

export interface CreateLedgerOptions {
  dataDir: string;
  transport: BleSyncTransport;
  clock: Clock;
  logger?: Logger;
  sealer?: SecretSealer;
  agentId?: string;
  batchSize?: number;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
}

export interface Ledger {
  identity: Identity;
  store: LedgerStore;
  sync: LedgerSyncEngine;
  service: LedgerService;
  /** Stops syncing and closes the database. */
  close(): Promise<void>;
}

export function createLedger(o: CreateLedgerOptions): Ledger {
  const identity = loadOrCreateIdentity({ dataDir: o.dataDir, ...(o.sealer ? { sealer: o.sealer } : {}), ...(o.agentId ? { agentId: o.agentId } : {}) });
  const store = LedgerStore.open(join(o.dataDir, 'ledger.db'), { selfId: identity.agentId, now: () => o.clock.now() });
  const sync = new LedgerSyncEngine({
    store, transport: o.transport, clock: o.clock, selfPublicKeyHex: identity.publicKeyHex,
    ...(o.logger ? { logger: o.logger } : {}), ...(o.batchSize ? { batchSize: o.batchSize } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.backoff ? { backoff: o.backoff } : {}),
  });
  const service = new LedgerService(identity, store, sync);
  return {
    identity, store, sync, service,
    close: async () => {
      await sync.stop();
      store.close();
    },
  };
}
