/**
 * How a requester's acknowledgement reaches the provider (encoding v2): the acknowledged transaction,
 * written as a one-transaction batch to the provider's ledger-sync characteristic (0006) over the link
 * the answer came on. Best effort with its own deadline: the acknowledgement is already on the
 * requester's disk and settles from there; this only lets the provider settle its copy too and stop
 * counting the answer as unacknowledged.
 */
import type { LedgerAck, LedgerBatch } from '../ble/protocol/mesh-schemas.js';
import type { LedgerTransaction } from '../ledger/tx-types.js';

export type SendLedgerBatch = (batch: LedgerBatch, opts: { timeoutMs: number; signal?: AbortSignal }) => Promise<LedgerAck>;

export const ACK_DELIVERY_TIMEOUT_MS = 5_000;

export class AckNotTakenError extends Error {
  override readonly name = 'AckNotTakenError';
}

/** Resolves when the provider stored the acknowledgement; rejects with its reason otherwise. */
export async function deliverAck(send: SendLedgerBatch, tx: LedgerTransaction, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  if (tx.requesterAck === undefined) return; // v1: nothing to acknowledge
  const reply = await send({ batchId: `ack-${tx.txId}`.slice(0, 128), transactions: [{ ...tx }] }, {
    timeoutMs: opts.timeoutMs ?? ACK_DELIVERY_TIMEOUT_MS, ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (reply.accepted.includes(tx.txId)) return;
  const refused = reply.rejected.find((r) => r.txId === tx.txId);
  throw new AckNotTakenError(`acknowledgement of ${tx.txId} not taken: ${refused?.reason ?? 'not in the reply'}`);
}
