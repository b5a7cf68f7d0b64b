/** Hash-chain links shared by the local ledger and the reference coordinator. */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** row_hash = sha256(prev_hash ‖ "\n" ‖ seq ‖ "\n" ‖ payload), hex. */
export function chainHash(prevHash: string, seq: number, payload: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${payload}`, 'utf8').digest('hex');
}

export interface ChainRow {
  seq: number;
  payload: string;
  prev_hash: string;
  row_hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  head: string;
  brokenAt?: { seq: number; reason: string };
}

/** Walks rows in seq order and reports the first one whose link or hash does not hold. */
export function verifyRows(rows: Iterable<ChainRow>): ChainVerdict {
  let prev = GENESIS_HASH;
  let checked = 0;
  for (const row of rows) {
    if (row.prev_hash !== prev) return { ok: false, checked, head: prev, brokenAt: { seq: row.seq, reason: 'prev_hash does not link to the previous row' } };
    if (chainHash(prev, row.seq, row.payload) !== row.row_hash) return { ok: false, checked, head: prev, brokenAt: { seq: row.seq, reason: 'row content does not match its hash' } };
    prev = row.row_hash;
    checked++;
  }
  return { ok: true, checked, head: prev };
}
