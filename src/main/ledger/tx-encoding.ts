/**
 * Canonical byte encoding of ledger transactions, versions 1 and 2 (docs/ledger-encoding.md is the spec;
 * test/ledger/vectors.json and vectors-v2.json pin them). Binary, fixed field order, big-endian integers, length-prefixed
 * UTF-8 strings, raw 32-byte hashes, and a domain-separation tag so an intent signature can never be
 * replayed as a receipt signature (or as anything else signed by the same key).
 */
import { createHash } from 'node:crypto';
import { cpuSecondsToMillis, creditsToMicro, MAX_CPU_MILLIS, MAX_PARAM_MILLIONS, paramSizeToMillions } from '../../shared/ledger-credits.js';
import type { LedgerTransaction, TxIntent } from './tx-types.js';

/** The version this install signs; version 1 is still verified (transactions recorded before v2). */
export const ENCODING_VERSION = 2;
export const INTENT_TAG = 'EDGECODER-LEDGER/intent/v1';
export const RECEIPT_TAG = 'EDGECODER-LEDGER/receipt/v1';
export const INTENT_TAG_V2 = 'EDGECODER-LEDGER/intent/v2';
export const RECEIPT_TAG_V2 = 'EDGECODER-LEDGER/receipt/v2';
export const ACK_TAG_V2 = 'EDGECODER-LEDGER/ack/v2';
const ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;
const SIG_PATTERN = /^[0-9a-f]{128}$/;

export class EncodingError extends Error {
  override readonly name = 'EncodingError';
}

/** Writes into one scratch buffer (no per-field allocations); bytes() returns a right-sized copy. */
class ByteWriter {
  private readonly buf = Buffer.allocUnsafe(1024);
  private offset = 0;
  private room(n: number): void {
    if (this.offset + n > this.buf.length) throw new EncodingError('encoding exceeds 1024 bytes');
  }
  tag(tag: string): void {
    this.room(tag.length + 1);
    this.offset += this.buf.write(tag, this.offset, 'ascii');
    this.buf[this.offset++] = 0;
  }
  u8(n: number): void {
    this.room(1);
    this.buf[this.offset++] = n;
  }
  u64(n: number, field: string): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new EncodingError(`${field} must be a non-negative safe integer`);
    this.room(8);
    this.buf.writeUInt32BE(Math.floor(n / 2 ** 32), this.offset);
    this.buf.writeUInt32BE(n % 2 ** 32, this.offset + 4);
    this.offset += 8;
  }
  str(s: string, field: string): void {
    if (!ID_PATTERN.test(s)) throw new EncodingError(`${field} must be 1-128 chars of [A-Za-z0-9._:@-]`);
    // ID_PATTERN is ASCII-only, so the UTF-8 length is the string length.
    this.room(2 + s.length);
    this.buf.writeUInt16BE(s.length, this.offset);
    this.offset += 2 + this.buf.write(s, this.offset + 2, 'utf8');
  }
  hex(h: string, bytes: number, field: string): void {
    if (!(bytes === 32 ? HASH_PATTERN : SIG_PATTERN).test(h)) throw new EncodingError(`${field} must be ${bytes * 2} lowercase hex chars`);
    this.room(bytes);
    this.offset += this.buf.write(h, this.offset, 'hex');
  }
  blob(b: Uint8Array): void {
    this.room(4 + b.length);
    this.buf.writeUInt32BE(b.length, this.offset);
    this.buf.set(b, this.offset + 4);
    this.offset += 4 + b.length;
  }
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.offset));
  }
}

/**
 * Bytes the requester signs. v1: tag ‖ version ‖ txId ‖ requesterId ‖ providerId ‖ taskHash ‖ issuedAt.
 * v2: the same under the v2 tag, then expiresAt ‖ maxCreditsMicro.
 */
export function encodeIntent(intent: TxIntent): Buffer {
  const v = intent.version as number;
  if (v !== 1 && v !== 2) throw new EncodingError(`unsupported version ${String(intent.version)}`);
  if (intent.requesterId === intent.providerId) throw new EncodingError('requester and provider must differ');
  if (v === 1 && (intent.expiresAt !== undefined || intent.maxCredits !== undefined)) throw new EncodingError('version 1 has no expiresAt or maxCredits');
  const w = new ByteWriter();
  w.tag(v === 1 ? INTENT_TAG : INTENT_TAG_V2);
  w.u8(v);
  w.str(intent.txId, 'txId');
  w.str(intent.requesterId, 'requesterId');
  w.str(intent.providerId, 'providerId');
  w.hex(intent.taskHash, 32, 'taskHash');
  w.u64(intent.issuedAt, 'issuedAt');
  if (v === 2) {
    if (intent.expiresAt === undefined || intent.maxCredits === undefined) throw new EncodingError('version 2 needs expiresAt and maxCredits');
    if (intent.expiresAt < intent.issuedAt) throw new EncodingError('expiresAt must not be before issuedAt');
    const ceiling = creditsToMicro(intent.maxCredits);
    if (ceiling === null) throw new EncodingError('maxCredits must be non-negative with at most 6 decimals');
    w.u64(intent.expiresAt, 'expiresAt');
    w.u64(ceiling, 'maxCredits');
  }
  return w.bytes();
}

/** Exact integer units of the settlement fields, or an EncodingError naming the bad field. */
export function settlementUnits(tx: Pick<LedgerTransaction, 'cpuSeconds' | 'credits' | 'providerModelParamSize'>): {
  cpuMillis: number;
  creditsMicro: number;
  paramMillions: number;
} {
  const cpuMillis = cpuSecondsToMillis(tx.cpuSeconds);
  if (cpuMillis === null || cpuMillis > MAX_CPU_MILLIS) throw new EncodingError('cpuSeconds must be 0..1e9 with at most 3 decimals');
  const creditsMicro = creditsToMicro(tx.credits);
  if (creditsMicro === null) throw new EncodingError('credits must be non-negative with at most 6 decimals');
  const paramMillions = paramSizeToMillions(tx.providerModelParamSize);
  if (paramMillions === null || paramMillions > MAX_PARAM_MILLIONS) throw new EncodingError('providerModelParamSize must be 0..100000 with at most 3 decimals');
  return { cpuMillis, creditsMicro, paramMillions };
}

/**
 * Bytes the provider signs: tag ‖ version ‖ len32(intent bytes) ‖ requesterSignature(64) ‖ cpuMillis ‖
 * creditsMicro ‖ paramMillions ‖ resultHash ‖ completedAt. `intentBytes`, when the caller already has
 * encodeIntent(tx), saves encoding it twice (it must be exactly that).
 */
export function encodeReceipt(tx: Omit<LedgerTransaction, 'providerSignature'>, intentBytes?: Uint8Array): Buffer {
  const units = settlementUnits(tx);
  const w = new ByteWriter();
  w.tag(tx.version === 1 ? RECEIPT_TAG : RECEIPT_TAG_V2);
  w.u8(tx.version);
  w.blob(intentBytes ?? encodeIntent(tx));
  w.hex(tx.requesterSignature, 64, 'requesterSignature');
  w.u64(units.cpuMillis, 'cpuSeconds');
  w.u64(units.creditsMicro, 'credits');
  w.u64(units.paramMillions, 'providerModelParamSize');
  w.hex(tx.resultHash, 32, 'resultHash');
  w.u64(tx.completedAt, 'completedAt');
  return w.bytes();
}

/**
 * v2 only. Bytes the requester signs when the answer arrived: tag ‖ version ‖ txId ‖ resultHash ‖
 * sha256(receiptBytes). The digest binds the acknowledgement to every field the provider signed.
 */
export function encodeAck(tx: Pick<LedgerTransaction, 'version' | 'txId' | 'resultHash'>, receiptBytes: Uint8Array): Buffer {
  if (tx.version !== 2) throw new EncodingError('only version 2 transactions carry an acknowledgement');
  const w = new ByteWriter();
  w.tag(ACK_TAG_V2);
  w.u8(tx.version);
  w.str(tx.txId, 'txId');
  w.hex(tx.resultHash, 32, 'resultHash');
  w.hex(createHash('sha256').update(receiptBytes).digest('hex'), 32, 'receiptDigest');
  return w.bytes();
}
