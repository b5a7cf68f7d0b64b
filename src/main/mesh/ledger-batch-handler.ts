/**
 * Characteristic 0006 on this computer: a nearby device hands over transactions it holds. Those this
 * computer is a party to and lacks (a restored backup), or holds without the requester's acknowledgement
 * while the copy handed over carries it (how a requester acknowledges an answer, encoding v2), are
 * verified against its own key and the peer key pinned when they traded, and recorded durably before the
 * reply; those it already holds as sent are acknowledged as stored. It relays nobody else's credits.
 */
import type { LedgerBatchHandler } from '../ble/peripheral/index.js';
import { publicKeyFromHex } from '../ledger/identity.js';
import type { Identity } from '../ledger/identity.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { TxRejectedError, verifyTransaction } from '../ledger/tx-protocol.js';

export interface LedgerBatchDeps {
  identity: Pick<Identity, 'agentId' | 'publicKey'>;
  store: Pick<LedgerStore, 'get' | 'peerKey' | 'recordMany'>;
  /** Called with how many transactions were newly recorded (credits changed). */
  onRecorded?: (count: number) => void;
  /** Called with how many held transactions gained their requester's acknowledgement (now settleable). */
  onAcknowledged?: (count: number) => void;
}

export function ledgerBatchHandler(deps: LedgerBatchDeps): LedgerBatchHandler {
  const self = deps.identity.agentId;
  return async (batch) => {
    const accepted: string[] = [];
    const rejected: Array<{ txId: string; reason: string }> = [];
    const fresh = [];
    for (const raw of batch.transactions) {
      const { requesterId, providerId } = raw as { requesterId?: unknown; providerId?: unknown };
      if (requesterId !== self && providerId !== self) {
        rejected.push({ txId: raw.txId, reason: 'not_a_party: this computer records only its own transactions' });
        continue;
      }
      const held = deps.store.get(raw.txId);
      const bringsAck = typeof (raw as { requesterAck?: unknown }).requesterAck === 'string' && held?.tx.requesterAck === undefined;
      if (held && !bringsAck) {
        accepted.push(raw.txId);
        continue;
      }
      try {
        const peerId = requesterId === self ? providerId : requesterId;
        const peerHex = typeof peerId === 'string' ? deps.store.peerKey(peerId) : null;
        if (!peerHex) throw new TxRejectedError('unknown_agent', `no key pinned for ${String(peerId)}: never traded with this computer`);
        const peerKey = publicKeyFromHex(peerHex);
        const tx = verifyTransaction(raw, requesterId === self ? { requester: deps.identity.publicKey, provider: peerKey } : { requester: peerKey, provider: deps.identity.publicKey });
        fresh.push(tx);
      } catch (err) {
        rejected.push({ txId: raw.txId, reason: err instanceof TxRejectedError ? err.message : `malformed: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    // One commit for the batch, durable before the acknowledgement leaves.
    const results = fresh.length > 0 ? deps.store.recordMany(fresh) : [];
    fresh.forEach((tx) => accepted.push(tx.txId));
    const inserted = results.filter((r) => r.inserted).length;
    if (inserted > 0) deps.onRecorded?.(inserted);
    const acked = results.filter((r) => r.acked && !r.inserted).length;
    if (acked > 0) deps.onAcknowledged?.(acked);
    return { accepted, rejected };
  };
}
