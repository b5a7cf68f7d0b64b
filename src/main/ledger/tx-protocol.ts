/**
 * The dual-signature protocol. Requester: createSignedIntent → send. Provider: verifyIntent, run the
 * task, countersign (credits computed here from the seed formula, never taken from the requester).
 * Requester: acceptTransaction checks that the intent it signed came back unchanged, both signatures
 * and the credit arithmetic, before it uses the result or records anything.
 */
import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { computeCreditsMicro, microToCredits } from '../../shared/ledger-credits.js';
import { verifySignature } from './identity.js';
import type { Identity } from './identity.js';
import { ENCODING_VERSION, EncodingError, encodeIntent, encodeReceipt, settlementUnits } from './tx-encoding.js';
import { ledgerTransactionSchema, pickTransaction, signedIntentSchema } from './tx-types.js';
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
  | 'key_mismatch';

export class TxRejectedError extends Error {
  override readonly name = 'TxRejectedError';
  constructor(readonly code: TxRejectCode, detail: string) {
    super(`transaction rejected (${code}): ${detail}`);
  }
}

export function createSignedIntent(
  requester: Identity,
  args: { providerId: string; taskHash: string; issuedAt: number; txId?: string },
): SignedIntent {
  const intent: TxIntent = {
    version: ENCODING_VERSION,
    txId: args.txId ?? randomUUID(),
    requesterId: requester.agentId,
    providerId: args.providerId,
    taskHash: args.taskHash,
    issuedAt: args.issuedAt,
  };
  return { ...intent, requesterSignature: requester.sign(encodeIntent(intent)).toString('hex') };
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
  const bytes = encodeOrReject(() => encodeIntent(intent));
  if (!verifySignature(requesterKey, bytes, Buffer.from(intent.requesterSignature, 'hex'))) {
    throw new TxRejectedError('bad_requester_signature', `intent ${intent.txId} not signed by ${intent.requesterId}`);
  }
  return intent;
}

/** Provider side, after running the task: the full transaction with credits from the seed formula. */
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
  const signature = provider.sign(encodeOrReject(() => encodeReceipt(body)));
  return { ...body, providerSignature: signature.toString('hex') };
}

/**
 * Everything but the signatures: shape, encodability, credit arithmetic, time order. Returns the bytes
 * each signature must cover, so a caller can verify them elsewhere (the coordinator's worker pool).
 */
export function checkTransactionBody(input: unknown): { tx: LedgerTransaction; intentBytes: Buffer; receiptBytes: Buffer } {
  const parsed = ledgerTransactionSchema.safeParse(input);
  if (!parsed.success) throw new TxRejectedError('malformed', parsed.error.issues[0]?.message ?? 'invalid transaction');
  return checkParsedTransaction(pickTransaction(parsed.data));
}

/** checkTransactionBody for a transaction already parsed by a schema that extends ledgerTransactionSchema. */
export function checkParsedTransaction(tx: LedgerTransaction): { tx: LedgerTransaction; intentBytes: Buffer; receiptBytes: Buffer } {
  const intentBytes = encodeOrReject(() => encodeIntent(tx));
  const receiptBytes = encodeOrReject(() => encodeReceipt(tx, intentBytes));
  const units = settlementUnits(tx);
  if (computeCreditsMicro(units.cpuMillis, units.paramMillions) !== units.creditsMicro) {
    throw new TxRejectedError('credits_mismatch', `${tx.txId}: credits ${tx.credits} ≠ formula for ${tx.cpuSeconds} s at ${tx.providerModelParamSize}B`);
  }
  if (tx.completedAt < tx.issuedAt) throw new TxRejectedError('time_order', `${tx.txId}: completedAt before issuedAt`);
  return { tx, intentBytes, receiptBytes };
}

/** Both signatures and the arithmetic; used by the requester and by peers. */
export function verifyTransaction(input: unknown, keys: { requester: KeyObject; provider: KeyObject }): LedgerTransaction {
  const { tx, intentBytes, receiptBytes } = checkTransactionBody(input);
  if (!verifySignature(keys.requester, intentBytes, Buffer.from(tx.requesterSignature, 'hex'))) {
    throw new TxRejectedError('bad_requester_signature', `${tx.txId}: requester signature does not verify`);
  }
  if (!verifySignature(keys.provider, receiptBytes, Buffer.from(tx.providerSignature, 'hex'))) {
    throw new TxRejectedError('bad_provider_signature', `${tx.txId}: provider signature does not verify`);
  }
  return tx;
}

/** Requester side: the provider returned the intent we signed, unchanged, and a valid countersignature. */
export function acceptTransaction(sent: SignedIntent, input: unknown, providerKey: KeyObject, requesterKey: KeyObject): LedgerTransaction {
  const tx = verifyTransaction(input, { requester: requesterKey, provider: providerKey });
  for (const k of ['version', 'txId', 'requesterId', 'providerId', 'taskHash', 'issuedAt', 'requesterSignature'] as const) {
    if (tx[k] !== sent[k]) throw new TxRejectedError('intent_changed', `${k} differs from the signed intent`);
  }
  return tx;
}
