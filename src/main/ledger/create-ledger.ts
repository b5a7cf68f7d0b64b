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
import { SettledReadback } from './settled-readback.js';
import type { SettledTransport } from './settled-readback.js';

export interface CreateLedgerOptions {
  dataDir: string;
  /** With `settled`, what the coordinator settled naming this agent is read back after each sync. */
  transport: BleSyncTransport & Partial<SettledTransport>;
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
  /** Null when the transport cannot read back. */
  readback: SettledReadback | null;
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
  const settledTransport = o.transport.settled ? { settled: o.transport.settled.bind(o.transport) } : null;
  const readback = settledTransport ? new SettledReadback({ store, identity, transport: settledTransport, ...(o.logger ? { logger: o.logger } : {}) }) : null;
  const unfollow = readback?.followSync(sync);
  return {
    identity, store, sync, service, readback,
    close: async () => {
      unfollow?.();
      await sync.stop();
      store.close();
    },
  };
}
