/**
 * What the dispatcher and the BLE peripheral call: the protocol steps with key pinning, replay checks
 * and durable recording wired together, plus the Credits panel snapshot. Every method that returns a
 * transaction has already committed it to disk.
 */
import type { LedgerStatus } from '../../shared/ledger-status.js';
import type { Identity } from './identity.js';
import { agentIdMatchesKey, publicKeyFromHex } from './identity.js';
import { ledgerBalance, ledgerCsv, ledgerPeerTotals, ledgerReadBackCharges, ledgerSeries } from './ledger-reports.js';
import type { LedgerStore } from './ledger-store.js';
import type { LedgerSyncEngine } from './sync-engine.js';
import { unacknowledgedByPeer } from './ledger-acks.js';
import { abandonedKindOf, noteAbandonedIntent } from './ledger-meta.js';
import type { UnacknowledgedPeer } from './ledger-acks.js';
import { acceptTransaction, countersign, createSignedIntent, signAck, TxRejectedError, verifyIntent } from './tx-protocol.js';
import type { LedgerTransaction, SignedIntent } from './tx-types.js';

export interface ProviderWork {
  cpuSeconds: number;
  providerModelParamSize: number;
  resultHash: string;
  completedAt: number;
}

export class LedgerService {
  constructor(
    readonly identity: Identity,
    readonly store: LedgerStore,
    private readonly sync: LedgerSyncEngine | null = null,
  ) {}

  /** Requester, before sending a task to `providerId`: a v2 intent, valid until `terms.expiresAt`, paying at most `terms.maxCredits`. */
  createIntent(providerId: string, taskHash: string, issuedAt: number, terms: { expiresAt: number; maxCredits: number }): SignedIntent {
    return createSignedIntent(this.identity, { providerId, taskHash, issuedAt, ...terms });
  }

  /** Provider, on receiving a task: verify before running anything. `requesterKeyHex` comes from its BLE identity. */
  checkIntent(input: unknown, requesterId: string, requesterKeyHex: string): SignedIntent {
    const key = this.peerKey(requesterId, requesterKeyHex);
    const intent = verifyIntent(input, key, this.identity.agentId);
    if (intent.version !== 2) throw new TxRejectedError('malformed', 'a version 1 intent has no expiry or ceiling: this computer serves version 2 intents only');
    if (intent.requesterId !== requesterId) throw new TxRejectedError('unknown_agent', `intent signed for ${intent.requesterId}, peer is ${requesterId}`);
    if (this.store.has(intent.txId)) throw new TxRejectedError('replayed', `${intent.txId} already recorded`);
    this.store.pinPeerKey(requesterId, requesterKeyHex); // only a key that signed something gets pinned
    return intent;
  }

  /** Provider, after running the task: countersign and record durably, then reply with the result. */
  complete(intent: SignedIntent, requesterKeyHex: string, work: ProviderWork): LedgerTransaction {
    const tx = countersign(this.identity, intent, this.peerKey(intent.requesterId, requesterKeyHex), work);
    if (!this.store.record(tx).inserted) throw new TxRejectedError('replayed', `${tx.txId} already recorded`);
    this.sync?.notifyRecorded();
    return tx;
  }

  /**
   * Requester, on the provider's reply: verify everything, acknowledge (v2: the answer arrived) and record
   * durably before using the result. The returned transaction carries the acknowledgement, ready to be
   * handed to the provider and synced by either side.
   */
  accept(sent: SignedIntent, reply: unknown, providerKeyHex: string): LedgerTransaction {
    const providerKey = this.peerKey(sent.providerId, providerKeyHex);
    const verified = acceptTransaction(sent, reply, providerKey, this.identity.publicKey);
    if (this.store.has(verified.txId)) throw new TxRejectedError('replayed', `${verified.txId} already recorded`);
    const tx = verified.version === 2 ? { ...verified, requesterAck: signAck(this.identity, verified) } : verified;
    this.store.pinPeerKey(sent.providerId, providerKeyHex);
    this.store.record(tx);
    this.sync?.notifyRecorded();
    return tx;
  }

  /** Requester: an attempt that sent this intent ended without an accepted answer (explains a later read-back charge). */
  noteAbandoned(intent: SignedIntent, err: unknown, at: number): void {
    noteAbandonedIntent(this.store.db, intent.txId, intent.providerId, abandonedKindOf(err), at);
  }

  /** Provider: answers delivered (or lost on the way) that their requesters have not acknowledged, per peer. */
  unacknowledged(): UnacknowledgedPeer[] {
    return unacknowledgedByPeer(this.store.db);
  }

  /** The Credits panel snapshot. */
  status(opts: { bucketMs?: number; maxPoints?: number; maxPeers?: number } = {}): LedgerStatus {
    const sync = this.sync?.status() ?? { state: 'offline' as const, lastResult: null, nextRetryAt: null };
    return {
      agentId: this.identity.agentId,
      balance: ledgerBalance(this.store.db),
      sync,
      series: ledgerSeries(this.store.db, opts.bucketMs, opts.maxPoints),
      peers: ledgerPeerTotals(this.store.db, opts.maxPeers),
      unacknowledged: this.unacknowledged(),
      readBackCharges: ledgerReadBackCharges(this.store.db),
    };
  }

  /** CSV of the ledger, optionally completedAt in [from, to). */
  exportCsv(range: { from?: number; to?: number } = {}): string {
    return ledgerCsv(this.store.db, range);
  }

  private peerKey(agentId: string, keyHex: string): ReturnType<typeof publicKeyFromHex> {
    let key;
    try {
      key = publicKeyFromHex(keyHex);
    } catch (err) {
      throw new TxRejectedError('unknown_agent', `${agentId}: ${(err as Error).message}`);
    }
    if (!agentIdMatchesKey(agentId, keyHex)) throw new TxRejectedError('key_mismatch', `${agentId} is not the hash of the presented key`);
    const pinned = this.store.peerKey(agentId);
    if (pinned !== null && pinned !== keyHex) throw new TxRejectedError('key_mismatch', `${agentId} presented a different key than first seen`);
    return key;
  }
}
