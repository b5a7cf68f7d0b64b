/**
 * The dual-signature protocol. Requester: createSignedIntent → send. Provider: verifyIntent, run the
 * task, countersign (credits computed here from the seed formula, never taken from the requester).
 * Requester: acceptTransaction checks that the intent it signed came back unchanged, both signatures
 * and the credit arithmetic, before it uses the result or records anything; in v2 it then signs the
 * acknowledgement (signAck) that makes the transaction settleable.
 */
import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { computeCreditsMicro, microToCredits } from '../../shared/ledger-credits.js';
import { verifySignature } from './identity.js';
import type { Identity } from './identity.js';
import { creditsToMicro } from '../../shared/ledger-credits.js';
import { EncodingError, encodeAck, encodeIntent, encodeReceipt, settlementUnits } from './tx-encoding.js';
import { ledgerTransactionSchema, pickIntent, pickTransaction, signedIntentSchema } from './tx-types.js';
import type { LedgerTransaction, SignedIntent, TxIntent } from './tx-types.js';

export type TxRejectCode =
  | 'malformed'
  | 'bad_requester_signature'
  | 'bad_provider_signature'
  | 'credits_mismatch'
  | 'wrong_provider'
  | 'intent_changed'
  | 'time_order'
  | 'replayed'
  | 'unknown_agent'
  | 'key_mismatch'
  | 'expired'
  | 'over_ceiling'
  | 'unacknowledged'
  | 'bad_requester_ack';

/**
 * v2: a transaction whose completedAt is later than expiresAt by more than this is not settled. The
 * two times come from two clocks (the requester's and the provider's), which may disagree this much.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 60_000;

export class TxRejectedError extends Error {
  override readonly name = 'TxRejectedError';
  constructor(readonly code: TxRejectCode, detail: string) {
    super(`transaction rejected (${code}): ${detail}`);
  }
}

/**
 * A signed intent. With `expiresAt` and `maxCredits` it is version 2 (what the app sends); without
 * both it is version 1, kept only to make fixtures of transactions recorded before v2.
 */
export function createSignedIntent(
  requester: Identity,
  args: { providerId: string; taskHash: string; issuedAt: number; txId?: string; expiresAt?: number; maxCredits?: number },
): SignedIntent {
  const v2 = args.expiresAt !== undefined || args.maxCredits !== undefined;
  if (v2 && (args.expiresAt === undefined || args.maxCredits === undefined)) throw new EncodingError('a version 2 intent needs both expiresAt and maxCredits');
  const intent: TxIntent = {
    version: v2 ? 2 : 1,
    txId: args.txId ?? randomUUID(),
    requesterId: requester.agentId,
    providerId: args.providerId,
    taskHash: args.taskHash,
    issuedAt: args.issuedAt,
    ...(v2 ? { expiresAt: args.expiresAt, maxCredits: args.maxCredits } : {}),
  };
  const bytes = encodeOrReject(() => encodeIntent(intent));
  return { ...pickIntent({ ...intent, requesterSignature: '' }), requesterSignature: requester.sign(bytes).toString('hex') };
}

function encodeOrReject(fn: () => Buffer): Buffer {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EncodingError) throw new TxRejectedError('malformed', err.message);
    throw err;
  }
}

/** Provider side: the intent is well-formed, addressed to `providerId`, and signed by the requester's key. */
export function verifyIntent(input: unknown, requesterKey: KeyObject, providerId?: string): SignedIntent {
  const parsed = signedIntentSchema.safeParse(input);
  if (!parsed.success) throw new TxRejectedError('malformed', parsed.error.issues[0]?.message ?? 'invalid intent');
  const intent = parsed.data;
  if (providerId !== undefined && intent.providerId !== providerId) throw new TxRejectedError('wrong_provider', `addressed to ${intent.providerId}`);
  // pickIntent: a v1 intent carrying v2 fields (or the reverse) is refused by the encoder, not ignored.
  const bytes = encodeOrReject(() => encodeIntent(intent));
  if (!verifySignature(requesterKey, bytes, Buffer.from(intent.requesterSignature, 'hex'))) {
    throw new TxRejectedError('bad_requester_signature', `intent ${intent.txId} not signed by ${intent.requesterId}`);
  }
  return intent;
}

/**
 * Provider side, after running the task: the full transaction with credits from the seed formula. A v2
 * intent is not completed after its expiry (`completedAt` > expiresAt) nor above its ceiling.
 */
export function countersign(
  provider: Identity,
  signedIntent: unknown,
  requesterKey: KeyObject,
  work: { cpuSeconds: number; providerModelParamSize: number; resultHash: string; completedAt: number },
): LedgerTransaction {
  const intent = verifyIntent(signedIntent, requesterKey, provider.agentId);
  const cpuMillis = Math.round(work.cpuSeconds * 1000);
  const paramMillions = Math.round(work.providerModelParamSize * 1000);
  const body = {
    ...intent,
    cpuSeconds: cpuMillis / 1000,
    credits: microToCredits(computeCreditsMicro(cpuMillis, paramMillions)),
    providerModelParamSize: paramMillions / 1000,
    resultHash: work.resultHash,
    completedAt: work.completedAt,
  };
  if (body.completedAt < body.issuedAt) throw new TxRejectedError('time_order', 'completedAt before issuedAt');
  if (intent.version === 2) {
    if (body.completedAt > (intent.expiresAt ?? 0)) throw new TxRejectedError('expired', `${intent.txId}: completed after the intent expired (${new Date(intent.expiresAt ?? 0).toISOString()})`);
    if (body.credits > (intent.maxCredits ?? 0)) throw new TxRejectedError('over_ceiling', `${intent.txId}: ${body.credits} credits exceed the requester's ceiling of ${String(intent.maxCredits)}`);
  }
  const signature = provider.sign(encodeOrReject(() => encodeReceipt(body)));
  return { ...body, providerSignature: signature.toString('hex') };
}

/**
 * Everything but the signatures: shape, encodability, credit arithmetic, time order. Returns the bytes
 * each signature must cover, so a caller can verify them elsewhere (the coordinator's worker pool).
 */
export interface CheckedTransaction {
  tx: LedgerTransaction;
  intentBytes: Buffer;
  receiptBytes: Buffer;
  /** v2: the bytes `requesterAck` signs; null for v1. */
  ackBytes: Buffer | null;
}

export function checkTransactionBody(input: unknown): CheckedTransaction {
  const parsed = ledgerTransactionSchema.safeParse(input);
  if (!parsed.success) throw new TxRejectedError('malformed', parsed.error.issues[0]?.message ?? 'invalid transaction');
  return checkParsedTransaction(pickTransaction(parsed.data));
}

/**
 * checkTransactionBody for a transaction already parsed by a schema that extends ledgerTransactionSchema.
 * v2 terms: credits within maxCredits, completedAt no later than expiresAt + CLOCK_SKEW_ALLOWANCE_MS.
 */
export function checkParsedTransaction(tx: LedgerTransaction): CheckedTransaction {
  const intentBytes = encodeOrReject(() => encodeIntent(tx));
  const receiptBytes = encodeOrReject(() => encodeReceipt(tx, intentBytes));
  const units = settlementUnits(tx);
  if (computeCreditsMicro(units.cpuMillis, units.paramMillions) !== units.creditsMicro) {
    throw new TxRejectedError('credits_mismatch', `${tx.txId}: credits ${tx.credits} ≠ formula for ${tx.cpuSeconds} s at ${tx.providerModelParamSize}B`);
  }
  if (tx.completedAt < tx.issuedAt) throw new TxRejectedError('time_order', `${tx.txId}: completedAt before issuedAt`);
  if (tx.version === 1) {
    if (tx.requesterAck !== undefined) throw new TxRejectedError('malformed', `${tx.txId}: version 1 has no requesterAck`);
    return { tx, intentBytes, receiptBytes, ackBytes: null };
  }
  // encodeIntent already required expiresAt and maxCredits for v2.
  if (units.creditsMicro > (creditsToMicro(tx.maxCredits ?? 0) ?? 0)) throw new TxRejectedError('over_ceiling', `${tx.txId}: ${tx.credits} credits exceed maxCredits ${String(tx.maxCredits)}`);
  if (tx.completedAt > (tx.expiresAt ?? 0) + CLOCK_SKEW_ALLOWANCE_MS) throw new TxRejectedError('expired', `${tx.txId}: completed ${tx.completedAt - (tx.expiresAt ?? 0)} ms after the intent expired`);
  return { tx, intentBytes, receiptBytes, ackBytes: encodeOrReject(() => encodeAck(tx, receiptBytes)) };
}

/** Requester side, v2: the acknowledgement that the answer to `tx` arrived (hex signature). */
export function signAck(requester: Identity, tx: LedgerTransaction): string {
  const { ackBytes } = checkParsedTransaction(pickTransaction(tx));
  if (!ackBytes) throw new TxRejectedError('malformed', `${tx.txId}: version 1 transactions are not acknowledged`);
  return requester.sign(ackBytes).toString('hex');
}

/** Both signatures (and the acknowledgement, when present) and the arithmetic; used by the requester and by peers. */
export function verifyTransaction(input: unknown, keys: { requester: KeyObject; provider: KeyObject }): LedgerTransaction {
  const { tx, intentBytes, receiptBytes, ackBytes } = checkTransactionBody(input);
  if (!verifySignature(keys.requester, intentBytes, Buffer.from(tx.requesterSignature, 'hex'))) {
    throw new TxRejectedError('bad_requester_signature', `${tx.txId}: requester signature does not verify`);
  }
  if (!verifySignature(keys.provider, receiptBytes, Buffer.from(tx.providerSignature, 'hex'))) {
    throw new TxRejectedError('bad_provider_signature', `${tx.txId}: provider signature does not verify`);
  }
  if (ackBytes && tx.requesterAck !== undefined && !verifySignature(keys.requester, ackBytes, Buffer.from(tx.requesterAck, 'hex'))) {
    throw new TxRejectedError('bad_requester_ack', `${tx.txId}: the acknowledgement is not the requester's`);
  }
  return tx;
}

/** Requester side: the provider returned the intent we signed, unchanged, and a valid countersignature. */
export function acceptTransaction(sent: SignedIntent, input: unknown, providerKey: KeyObject, requesterKey: KeyObject): LedgerTransaction {
  const tx = verifyTransaction(input, { requester: requesterKey, provider: providerKey });
  for (const k of ['version', 'txId', 'requesterId', 'providerId', 'taskHash', 'issuedAt', 'expiresAt', 'maxCredits', 'requesterSignature'] as const) {
    if (tx[k] !== sent[k]) throw new TxRejectedError('intent_changed', `${k} differs from the signed intent`);
  }
  return tx;
}
