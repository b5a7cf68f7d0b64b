/**
 * Ledger transaction shapes and their zod schemas (the boundary check for anything arriving from a
 * peer, a file or the coordinator). Binary values are lowercase hex; times are ms since the epoch.
 */
import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/);
const hash = z.string().regex(/^[0-9a-f]{64}$/);
const sig = z.string().regex(/^[0-9a-f]{128}$/);
const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * Version 1: no expiry, no ceiling, settled on the two signatures (still accepted for transactions
 * recorded before v2). Version 2 adds `expiresAt` and `maxCredits` to the signed intent and, for
 * settlement, `requesterAck`: the requester's signature over the receipt, made when the answer arrived.
 * The encoding version decides the rules (docs/ledger-encoding.md).
 */
export const txIntentSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  txId: id,
  requesterId: id,
  providerId: id,
  taskHash: hash,
  issuedAt: epochMs,
  /** v2: the provider may not start or complete after this (ms since the epoch). */
  expiresAt: epochMs.optional(),
  /** v2: the most credits the requester agrees to pay for this task. */
  maxCredits: z.number().nonnegative().finite().optional(),
});

export const signedIntentSchema = txIntentSchema.extend({ requesterSignature: sig });

export const ledgerTransactionSchema = signedIntentSchema.extend({
  cpuSeconds: z.number().nonnegative().finite(),
  credits: z.number().nonnegative().finite(),
  providerModelParamSize: z.number().nonnegative().finite(),
  resultHash: hash,
  completedAt: epochMs,
  providerSignature: sig,
  /** v2: the requester's acknowledgement that the answer arrived (docs/ledger-encoding.md, "Ack"). */
  requesterAck: sig.optional(),
});

export type TxIntent = z.infer<typeof txIntentSchema>;
export type SignedIntent = z.infer<typeof signedIntentSchema>;
export type LedgerTransaction = z.infer<typeof ledgerTransactionSchema>;

/**
 * The wire shape of POST /credits/ble-sync: the EdgeCoder fields plus the fields our signatures cover.
 * `requesterPublicKey` / `providerPublicKey` (optional, 64 hex = raw Ed25519 key) let the coordinator
 * settle for an agent that never registered when its agentId is the derived hash of that key.
 */
export const bleSyncTransactionSchema = ledgerTransactionSchema.extend({
  requesterAccountId: id,
  providerAccountId: id,
  timestamp: epochMs,
  requesterPublicKey: hash.optional(),
  providerPublicKey: hash.optional(),
});
export type BleSyncTransaction = z.infer<typeof bleSyncTransactionSchema>;

/** Public keys (hex) the sender knows for the two parties; absent ones are left off the wire. */
export interface PartyKeys {
  requesterPublicKey?: string | undefined;
  providerPublicKey?: string | undefined;
}

export function toBleSyncTransaction(tx: LedgerTransaction, keys: PartyKeys = {}): BleSyncTransaction {
  // Accounts are the signing agents: the coordinator debits only the requester who signed.
  return {
    ...tx,
    requesterAccountId: tx.requesterId,
    providerAccountId: tx.providerId,
    timestamp: tx.completedAt,
    ...(keys.requesterPublicKey ? { requesterPublicKey: keys.requesterPublicKey } : {}),
    ...(keys.providerPublicKey ? { providerPublicKey: keys.providerPublicKey } : {}),
  };
}

/** Picks exactly the signed transaction fields (drops wire extras), in canonical key order. */
export function pickTransaction(tx: LedgerTransaction): LedgerTransaction {
  return {
    version: tx.version,
    txId: tx.txId,
    requesterId: tx.requesterId,
    providerId: tx.providerId,
    taskHash: tx.taskHash,
    issuedAt: tx.issuedAt,
    ...(tx.expiresAt !== undefined ? { expiresAt: tx.expiresAt } : {}),
    ...(tx.maxCredits !== undefined ? { maxCredits: tx.maxCredits } : {}),
    requesterSignature: tx.requesterSignature,
    cpuSeconds: tx.cpuSeconds,
    credits: tx.credits,
    providerModelParamSize: tx.providerModelParamSize,
    resultHash: tx.resultHash,
    completedAt: tx.completedAt,
    providerSignature: tx.providerSignature,
    ...(tx.requesterAck !== undefined ? { requesterAck: tx.requesterAck } : {}),
  };
}

/** The signed intent fields of a transaction or intent, in canonical key order. */
export function pickIntent(i: SignedIntent): SignedIntent {
  return {
    version: i.version,
    txId: i.txId,
    requesterId: i.requesterId,
    providerId: i.providerId,
    taskHash: i.taskHash,
    issuedAt: i.issuedAt,
    ...(i.expiresAt !== undefined ? { expiresAt: i.expiresAt } : {}),
    ...(i.maxCredits !== undefined ? { maxCredits: i.maxCredits } : {}),
    requesterSignature: i.requesterSignature,
  };
}
