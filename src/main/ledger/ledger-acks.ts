/**
 * The requesters' acknowledgements of v2 transactions in the local ledger (table tx_acks, append-only,
 * hash-chained like the transactions). A requester records its own acknowledgement with the
 * transaction; a provider learns it later (over Bluetooth characteristic 0006, or read back from the
 * coordinator). A v2 transaction without one is not sent for settlement: the coordinator would refuse
 * it, and it means the answer may never have arrived.
 */
import type Database from 'better-sqlite3';
import { microToCredits } from '../../shared/ledger-credits.js';
import { chainHash, GENESIS_HASH, verifyRows } from './hash-chain.js';
import type { ChainVerdict } from './hash-chain.js';

/** SQL condition: row `t` may be sent for settlement (v1, or v2 with an acknowledgement). */
export const SETTLEABLE = `(t.version = 1 OR EXISTS (SELECT 1 FROM tx_acks a WHERE a.tx_id = t.tx_id))`;

export interface UnacknowledgedPeer {
  peerId: string;
  /** Answers this computer delivered (or tried to) that the requester has not acknowledged. */
  count: number;
  credits: number;
  lastAt: number;
}

const payload = (txId: string, ack: string, at: number): string => JSON.stringify({ txId, ack, at });

/** Appends the acknowledgement of `txId` unless one is already held; true when appended. */
export function appendAck(db: Database.Database, txId: string, ack: string, at: number): boolean {
  if (ackOf(db, txId) !== null) return false;
  const last = db.prepare('SELECT seq, row_hash FROM tx_acks ORDER BY seq DESC LIMIT 1').get() as { seq: number; row_hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.row_hash ?? GENESIS_HASH;
  db.prepare('INSERT INTO tx_acks (seq, tx_id, ack, at, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?)').run(seq, txId, ack, at, prev, chainHash(prev, seq, payload(txId, ack, at)));
  return true;
}

export function ackOf(db: Database.Database, txId: string): string | null {
  return (db.prepare('SELECT ack FROM tx_acks WHERE tx_id = ?').pluck().get(txId) as string | undefined) ?? null;
}

/** v2 work this computer provided that its requester has not acknowledged (and nobody settled), per peer. */
export function unacknowledgedByPeer(db: Database.Database): UnacknowledgedPeer[] {
  const rows = db
    .prepare(
      `SELECT t.peer_id AS peerId, COUNT(*) AS count, SUM(t.credits_micro) AS micro, MAX(t.completed_at) AS lastAt FROM transactions t
       WHERE t.role = 'provider' AND t.version = 2 AND NOT EXISTS (SELECT 1 FROM tx_acks a WHERE a.tx_id = t.tx_id)
         AND NOT EXISTS (SELECT 1 FROM tx_events e WHERE e.tx_id = t.tx_id)
       GROUP BY t.peer_id ORDER BY count DESC, peerId`,
    )
    .all() as Array<{ peerId: string; count: number; micro: number; lastAt: number }>;
  return rows.map((r) => ({ peerId: r.peerId, count: r.count, credits: microToCredits(r.micro), lastAt: r.lastAt }));
}

export function verifyAckChain(db: Database.Database): ChainVerdict {
  const rows = db.prepare('SELECT * FROM tx_acks ORDER BY seq').all() as Array<{ seq: number; tx_id: string; ack: string; at: number; prev_hash: string; row_hash: string }>;
  return verifyRows(rows.map((r) => ({ seq: r.seq, payload: payload(r.tx_id, r.ack, r.at), prev_hash: r.prev_hash, row_hash: r.row_hash })));
}
