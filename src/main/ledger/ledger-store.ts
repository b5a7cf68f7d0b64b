/**
 * The local offline ledger (better-sqlite3, WAL, synchronous=FULL). record() returns only after the
 * commit is on disk, so whatever acknowledges a transaction after it can rely on it surviving a crash.
 * Rows are immutable; state changes are appended to tx_events; both tables are hash-chained.
 */
import Database from 'better-sqlite3';
import { creditsToMicro } from '../../shared/ledger-credits.js';
import { chainHash, GENESIS_HASH, verifyRows } from './hash-chain.js';
import { ackOf, appendAck, SETTLEABLE, verifyAckChain } from './ledger-acks.js';
import type { ChainVerdict } from './hash-chain.js';
import { prepareLedgerDb } from './ledger-schema.js';
import { TxRejectedError } from './tx-protocol.js';
import { ledgerTransactionSchema, pickTransaction } from './tx-types.js';
import type { LedgerTransaction } from './tx-types.js';

export type TxRole = 'requester' | 'provider';
export type TxState = 'pending' | 'synced' | 'rejected';
/** 'exchange': traded by this computer; 'readback': learned from the coordinator's settled rows. */
export type TxSource = 'exchange' | 'readback';

export interface StoredTransaction {
  seq: number;
  role: TxRole;
  peerId: string;
  state: TxState;
  reason: string | null;
  recordedAt: number;
  source: TxSource;
  tx: LedgerTransaction;
}

interface TxRow {
  seq: number;
  tx_id: string;
  role: TxRole;
  peer_id: string;
  credits_micro: number;
  completed_at: number;
  recorded_at: number;
  body: string;
  prev_hash: string;
  row_hash: string;
  version: number;
  source: TxSource;
}

export interface LedgerStoreOptions {
  /** This install's agentId: decides whether a transaction was earned (provider) or spent (requester). */
  selfId: string;
  now?: () => number;
}

export class LedgerStore {
  readonly db: Database.Database;
  readonly selfId: string;
  private readonly now: () => number;
  private readonly insertTx: Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly lastTx: Database.Statement;
  private readonly lastEvent: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly statesOf: Database.Statement;
  private readonly pendingAfter: Database.Statement;
  private readonly keyOfPeer: Database.Statement;

  private constructor(db: Database.Database, opts: LedgerStoreOptions) {
    this.db = db;
    this.selfId = opts.selfId;
    this.now = opts.now ?? Date.now;
    this.insertTx = db.prepare(
      `INSERT INTO transactions (seq, tx_id, role, peer_id, credits_micro, completed_at, recorded_at, body, prev_hash, row_hash, version, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertEvent = db.prepare('INSERT INTO tx_events (seq, tx_id, state, reason, at, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.lastTx = db.prepare('SELECT seq, row_hash FROM transactions ORDER BY seq DESC LIMIT 1');
    this.lastEvent = db.prepare('SELECT seq, row_hash FROM tx_events ORDER BY seq DESC LIMIT 1');
    this.byId = db.prepare(
      `SELECT t.*, e.state AS state, e.reason AS reason FROM transactions t LEFT JOIN tx_events e ON e.tx_id = t.tx_id WHERE t.tx_id = ?`,
    );
    this.statesOf = db
      .prepare('SELECT t.tx_id, e.state FROM transactions t LEFT JOIN tx_events e ON e.tx_id = t.tx_id WHERE t.tx_id IN (SELECT value FROM json_each(?))')
      .raw();
    this.pendingAfter = db.prepare(
      `SELECT t.seq, t.body, (SELECT a.ack FROM tx_acks a WHERE a.tx_id = t.tx_id) AS ack FROM transactions t
       WHERE t.seq > ? AND NOT EXISTS (SELECT 1 FROM tx_events e WHERE e.tx_id = t.tx_id) AND ${SETTLEABLE} ORDER BY t.seq LIMIT ?`,
    );
    this.keyOfPeer = db.prepare('SELECT public_key FROM peer_keys WHERE agent_id = ?').pluck();
  }

  static open(path: string, opts: LedgerStoreOptions): LedgerStore {
    const db = new Database(path);
    try {
      prepareLedgerDb(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new LedgerStore(db, opts);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Durably records one verified transaction (its acknowledgement too, when it carries one). Same txId
   * with the same content: no-op (inserted false), except that an acknowledgement not held yet is added
   * (acked true). Same txId with different content: a replay, rejected.
   */
  record(tx: LedgerTransaction, source: TxSource = 'exchange'): { seq: number; inserted: boolean; acked: boolean } {
    return this.db.transaction(() => this.appendOne(tx, source)).immediate();
  }

  /** Group commit: all or nothing, one fsync for the batch. */
  recordMany(txs: readonly LedgerTransaction[], source: TxSource = 'exchange'): Array<{ seq: number; inserted: boolean; acked: boolean }> {
    return this.db.transaction(() => txs.map((tx) => this.appendOne(tx, source))).immediate();
  }

  /** Records the requester's acknowledgement of a transaction held here (verified by the caller). */
  recordAck(txId: string, ack: string): boolean {
    return this.db.transaction(() => this.has(txId) && appendAck(this.db, txId, ack, this.now())).immediate();
  }

  private appendOne(input: LedgerTransaction, source: TxSource): { seq: number; inserted: boolean; acked: boolean } {
    const tx = pickTransaction(ledgerTransactionSchema.parse(input));
    const role: TxRole | null = tx.providerId === this.selfId ? 'provider' : tx.requesterId === this.selfId ? 'requester' : null;
    if (!role) throw new TxRejectedError('unknown_agent', `${tx.txId} involves neither party ${this.selfId}`);
    const existing = this.byId.get(tx.txId) as TxRow | undefined;
    if (existing) {
      const held = (JSON.parse(existing.body) as { tx: LedgerTransaction }).tx;
      const same = JSON.stringify({ ...held, requesterAck: undefined }) === JSON.stringify({ ...tx, requesterAck: undefined });
      const heldAck = held.requesterAck ?? ackOf(this.db, tx.txId);
      if (!same || (heldAck !== null && tx.requesterAck !== undefined && heldAck !== tx.requesterAck)) {
        throw new TxRejectedError('replayed', `${tx.txId} is already recorded with different content`);
      }
      const acked = heldAck === null && tx.requesterAck !== undefined && appendAck(this.db, tx.txId, tx.requesterAck, this.now());
      return { seq: existing.seq, inserted: false, acked };
    }
    const creditsMicro = creditsToMicro(tx.credits) ?? 0;
    const peerId = role === 'provider' ? tx.requesterId : tx.providerId;
    const recordedAt = this.now();
    const body = JSON.stringify({ role, peerId, creditsMicro, completedAt: tx.completedAt, recordedAt, tx });
    const last = this.lastTx.get() as { seq: number; row_hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.row_hash ?? GENESIS_HASH;
    this.insertTx.run(seq, tx.txId, role, peerId, creditsMicro, tx.completedAt, recordedAt, body, prev, chainHash(prev, seq, body), tx.version, source);
    const acked = tx.requesterAck !== undefined && appendAck(this.db, tx.txId, tx.requesterAck, recordedAt);
    return { seq, inserted: true, acked };
  }

  has = (txId: string): boolean => this.byId.get(txId) !== undefined;

  /** The stored transaction with its acknowledgement merged in when one is held. */
  get(txId: string): StoredTransaction | null {
    const row = this.byId.get(txId) as (TxRow & { state: TxState | null; reason: string | null }) | undefined;
    return row ? toStored(row, ackOf(this.db, txId)) : null;
  }

  /**
   * Oldest pending settleable transactions first, after local sequence number `afterSeq`: v1, and v2
   * with the requester's acknowledgement (merged in). Unacknowledged v2 work stays local.
   */
  pending(limit: number, afterSeq = 0): Array<{ seq: number; tx: LedgerTransaction }> {
    const rows = this.pendingAfter.all(afterSeq, limit) as Array<{ seq: number; body: string; ack: string | null }>;
    return rows.map((r) => ({ seq: r.seq, tx: withAck((JSON.parse(r.body) as { tx: LedgerTransaction }).tx, r.ack) }));
  }

  /** Transactions by state, for tests and diagnostics. */
  countByState(): Record<TxState, number> {
    const rows = this.db
      .prepare(`SELECT COALESCE(e.state, 'pending') AS state, COUNT(*) AS n FROM transactions t LEFT JOIN tx_events e ON e.tx_id = t.tx_id GROUP BY 1`)
      .all() as Array<{ state: TxState; n: number }>;
    const out: Record<TxState, number> = { pending: 0, synced: 0, rejected: 0 };
    for (const r of rows) out[r.state] = r.n;
    return out;
  }

  /** Settles pending transactions (synced or rejected) in one commit; already-settled ones are left alone. */
  settle(entries: ReadonlyArray<{ txId: string; state: 'synced' | 'rejected'; reason?: string | null }>): number {
    const at = this.now();
    return this.db
      .transaction(() => {
        let changed = 0;
        let last = this.lastEvent.get() as { seq: number; row_hash: string } | undefined;
        // txId → current state (null = pending) for the whole batch in one query.
        const states = new Map(this.statesOf.all(JSON.stringify(entries.map((e) => e.txId))) as Array<[string, TxState | null]>);
        for (const e of entries) {
          if (!states.has(e.txId) || states.get(e.txId)) continue;
          states.set(e.txId, e.state);
          const seq = (last?.seq ?? 0) + 1;
          const prev = last?.row_hash ?? GENESIS_HASH;
          const reason = e.reason ?? null;
          const hash = chainHash(prev, seq, eventPayload(e.txId, e.state, reason, at));
          this.insertEvent.run(seq, e.txId, e.state, reason, at, prev, hash);
          last = { seq, row_hash: hash };
          changed++;
        }
        return changed;
      })
      .immediate();
  }

  /** Pins a peer's key on first sight; a different key for a known agentId is refused. */
  pinPeerKey(agentId: string, publicKeyHex: string): void {
    const row = this.db.prepare('SELECT public_key FROM peer_keys WHERE agent_id = ?').get(agentId) as { public_key: string } | undefined;
    if (row && row.public_key !== publicKeyHex) throw new TxRejectedError('key_mismatch', `${agentId} presented a different key than first seen`);
    if (!row) this.db.prepare('INSERT INTO peer_keys (agent_id, public_key, first_seen) VALUES (?, ?, ?)').run(agentId, publicKeyHex, this.now());
  }

  /** The key pinned for a peer (hex), or null if it was never seen. */
  peerKey(agentId: string): string | null {
    return (this.keyOfPeer.get(agentId) as string | undefined) ?? null;
  }

  /** Recomputes both hash chains and checks the indexed columns against the hashed bodies. */
  verifyChain(): ChainVerdict & { events: ChainVerdict; acks: ChainVerdict } {
    const txRows = this.db.prepare('SELECT * FROM transactions ORDER BY seq').iterate() as IterableIterator<TxRow>;
    let mismatch: { seq: number; reason: string } | undefined;
    const txVerdict = verifyRows(
      (function* () {
        for (const r of txRows) {
          const b = JSON.parse(r.body) as { role: string; peerId: string; creditsMicro: number; completedAt: number; recordedAt: number; tx: LedgerTransaction };
          if (!mismatch && (b.tx.txId !== r.tx_id || b.role !== r.role || b.peerId !== r.peer_id || b.creditsMicro !== r.credits_micro || b.completedAt !== r.completed_at || b.tx.version !== r.version)) {
            mismatch = { seq: r.seq, reason: 'indexed columns differ from the hashed body' };
          }
          yield { seq: r.seq, payload: r.body, prev_hash: r.prev_hash, row_hash: r.row_hash };
        }
      })(),
    );
    const evRows = this.db.prepare('SELECT * FROM tx_events ORDER BY seq').all() as Array<{ seq: number; tx_id: string; state: string; reason: string | null; at: number; prev_hash: string; row_hash: string }>;
    const events = verifyRows(evRows.map((r) => ({ seq: r.seq, payload: eventPayload(r.tx_id, r.state, r.reason, r.at), prev_hash: r.prev_hash, row_hash: r.row_hash })));
    const acks = verifyAckChain(this.db);
    if (txVerdict.ok && mismatch) return { ...txVerdict, ok: false, brokenAt: mismatch, events, acks };
    return { ...txVerdict, ok: txVerdict.ok && events.ok && acks.ok, events, acks };
  }
}

function eventPayload(txId: string, state: string, reason: string | null, at: number): string {
  return JSON.stringify({ txId, state, reason, at });
}

function withAck(tx: LedgerTransaction, ack: string | null): LedgerTransaction {
  return ack === null || tx.requesterAck !== undefined ? tx : { ...tx, requesterAck: ack };
}

function toStored(row: TxRow & { state: TxState | null; reason: string | null }, ack: string | null): StoredTransaction {
  const b = JSON.parse(row.body) as { tx: LedgerTransaction };
  return { seq: row.seq, role: row.role, peerId: row.peer_id, state: row.state ?? 'pending', reason: row.reason, recordedAt: row.recorded_at, source: row.source, tx: withAck(b.tx, ack) };
}
