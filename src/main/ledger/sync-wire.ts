/**
 * The sync engine's side of /credits/ble-sync. Requests: each transaction with the parties' public keys
 * this install knows (its own, and those pinned in peer_keys). Replies: applied ids and "duplicate"
 * become synced, a retryable reason leaves the transaction pending (deferred), any other is final.
 */
import type { BleSyncReply } from '../coordinator-client/coordinator-schemas.js';
import type { LedgerStore } from './ledger-store.js';
import { toBleSyncTransaction } from './tx-types.js';
import type { BleSyncTransaction, LedgerTransaction } from './tx-types.js';

/** Skip reasons that mean "not now": the transaction stays pending and is sent again on a later sync. */
export const RETRYABLE_SYNC_REASONS: ReadonlySet<string> = new Set(['unknown_agent', 'agent_not_registered', 'retry_later']);

export interface SettleEntry {
  txId: string;
  state: 'synced' | 'rejected';
  reason: string | null;
}

export function classifyReply(reply: BleSyncReply): { entries: SettleEntry[]; rejected: number; deferred: number } {
  const entries: SettleEntry[] = reply.applied.map((txId) => ({ txId, state: 'synced', reason: null }));
  let rejected = 0;
  let deferred = 0;
  for (const txId of reply.skipped) {
    const reason = reply.reasons?.[txId] ?? 'skipped_by_coordinator';
    if (RETRYABLE_SYNC_REASONS.has(reason)) deferred++;
    else if (reason === 'duplicate') entries.push({ txId, state: 'synced', reason });
    else {
      entries.push({ txId, state: 'rejected', reason });
      rejected++;
    }
  }
  return { entries, rejected, deferred };
}

/** Wire form of the run's transactions; `cache` holds peer keys looked up during this run. */
export function wireTransaction(
  tx: LedgerTransaction,
  store: Pick<LedgerStore, 'selfId' | 'peerKey'>,
  selfPublicKeyHex: string | null,
  cache: Map<string, string | null>,
): BleSyncTransaction {
  const keyOf = (agentId: string): string | undefined => {
    if (agentId === store.selfId) return selfPublicKeyHex ?? undefined;
    let k = cache.get(agentId);
    if (k === undefined) {
      k = store.peerKey(agentId);
      cache.set(agentId, k);
    }
    return k ?? undefined;
  };
  return toBleSyncTransaction(tx, { requesterPublicKey: keyOf(tx.requesterId), providerPublicKey: keyOf(tx.providerId) });
}
