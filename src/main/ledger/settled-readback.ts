/**
 * After a sync, this computer reads back from the coordinator the settled transactions naming it
 * (POST /credits/settled, paged by the coordinator's settled seq; the cursor is kept in the ledger).
 * What was settled becomes the local truth: a charge this computer never recorded (an answer it gave up
 * on, settled from the provider's copy) is recorded as spent and synced, and announced; work it provided
 * gains the acknowledgement the requester sent the coordinator; a pending row is marked synced.
 * Each transaction is verified with every key this computer knows (its own, and peers' pinned keys)
 * before it is recorded; one that does not verify is counted and left out.
 */
import type { CallOptions } from '../coordinator-client/coordinator-client.js';
import type { SettledReply, SettledRequest } from '../coordinator-client/coordinator-schemas.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { Identity } from './identity.js';
import { publicKeyFromHex, verifySignature } from './identity.js';
import { abandonedKind, metaValue, setMetaValue } from './ledger-meta.js';
import type { AbandonedKind } from './ledger-meta.js';
import type { LedgerStore } from './ledger-store.js';
import { checkTransactionBody, verifyTransaction } from './tx-protocol.js';
import type { LedgerTransaction } from './tx-types.js';

export interface SettledTransport {
  settled(body: SettledRequest, opts?: CallOptions): Promise<SettledReply>;
}

/** A charge this computer learned of only from the coordinator. */
export interface ReadBackCharge {
  txId: string;
  providerId: string;
  credits: number;
  /** How this computer's attempt ended, when it remembers sending the intent. */
  gaveUp: AbandonedKind | null;
}

export interface ReadBackResult {
  read: number;
  charges: ReadBackCharge[];
  acknowledged: number;
  confirmed: number;
  unverified: number;
}

const CURSOR = 'readback.afterSeq';
const PAGE = 500;
const MAX_PAGES = 20;

export class SettledReadback {
  private readonly listeners = new Set<(charges: ReadBackCharge[]) => void>();
  private following: Promise<unknown> | null = null;
  /** The last run's outcome (null before the first). */
  lastResult: ReadBackResult | null = null;

  constructor(private readonly o: { store: LedgerStore; identity: Pick<Identity, 'agentId' | 'publicKey'>; transport: SettledTransport; timeoutMs?: number; logger?: Logger }) {}

  /** Called with the charges each run found that this computer had not recorded. */
  onCharges(listener: (charges: ReadBackCharge[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads back after every sync round that succeeded (one run at a time; a failure waits for the next sync). */
  followSync(sync: { onResult(listener: (r: { error: string | null }) => void): () => void }): () => void {
    return sync.onResult((r) => {
      if (r.error !== null || this.following) return;
      this.following = this.run()
        .catch((err: unknown) => (this.o.logger ?? silentLogger).log('warn', 'ledger.readback.failed', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => (this.following = null));
    });
  }

  /** Resolves when the read-back started by a sync (if any) is over. */
  async whenIdle(): Promise<void> {
    await this.following;
  }

  async run(signal?: AbortSignal): Promise<ReadBackResult> {
    const { store, transport } = this.o;
    const result: ReadBackResult = { read: 0, charges: [], acknowledged: 0, confirmed: 0, unverified: 0 };
    let afterSeq = Number(metaValue(store.db, CURSOR) ?? 0);
    for (let page = 0; page < MAX_PAGES; page++) {
      const reply = await transport.settled({ agentId: this.o.identity.agentId, afterSeq, limit: PAGE }, { timeoutMs: this.o.timeoutMs ?? 15_000, ...(signal ? { signal } : {}) });
      for (const item of reply.items) this.take(item.transaction, result);
      result.read += reply.items.length;
      if (reply.lastSeq > afterSeq) {
        afterSeq = reply.lastSeq;
        setMetaValue(store.db, CURSOR, String(afterSeq));
      }
      if (reply.items.length < PAGE) break;
    }
    this.lastResult = result;
    if (result.charges.length > 0) for (const l of this.listeners) l(result.charges);
    if (result.unverified > 0) (this.o.logger ?? silentLogger).log('warn', 'ledger.readback.unverified', { count: result.unverified });
    return result;
  }

  private take(raw: unknown, result: ReadBackResult): void {
    const { store } = this.o;
    const self = this.o.identity.agentId;
    let tx: LedgerTransaction;
    try {
      tx = this.verified(raw);
    } catch {
      result.unverified++;
      return;
    }
    if (tx.requesterId !== self && tx.providerId !== self) return;
    const held = store.get(tx.txId);
    if (held) {
      if (held.tx.requesterAck === undefined && tx.requesterAck !== undefined && store.record(tx).acked) result.acknowledged++;
      if (store.settle([{ txId: tx.txId, state: 'synced', reason: 'read back from the coordinator' }]) > 0) result.confirmed++;
      return;
    }
    store.record(tx, 'readback');
    store.settle([{ txId: tx.txId, state: 'synced', reason: 'read back from the coordinator' }]);
    if (tx.requesterId === self) result.charges.push({ txId: tx.txId, providerId: tx.providerId, credits: tx.credits, gaveUp: abandonedKind(store.db, tx.txId) });
  }

  /** Both signatures when the peer's key is pinned; otherwise at least this computer's own. */
  private verified(raw: unknown): LedgerTransaction {
    const self = this.o.identity;
    const body = checkTransactionBody(raw);
    const { tx } = body;
    const peerId = tx.requesterId === self.agentId ? tx.providerId : tx.requesterId;
    const peerHex = this.o.store.peerKey(peerId);
    if (peerHex) {
      const peer = publicKeyFromHex(peerHex);
      return verifyTransaction(tx, tx.requesterId === self.agentId ? { requester: self.publicKey, provider: peer } : { requester: peer, provider: self.publicKey });
    }
    const mine = tx.requesterId === self.agentId ? { bytes: body.intentBytes, sig: tx.requesterSignature } : { bytes: body.receiptBytes, sig: tx.providerSignature };
    if (!verifySignature(self.publicKey, mine.bytes, Buffer.from(mine.sig, 'hex'))) throw new Error(`${tx.txId}: not signed by this computer`);
    return tx;
  }
}
