/**
 * Encoding v2 (docs/ledger-encoding.md): the pinned vectors, and the terms it adds: an expiry and a
 * credit ceiling covered by the requester's signature, and the requester's acknowledgement over the
 * receipt, without which the coordinator settles nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Identity, publicKeyFromHex } from '../../src/main/ledger/identity.js';
import { encodeAck, encodeIntent, encodeReceipt } from '../../src/main/ledger/tx-encoding.js';
import {
  acceptTransaction, checkTransactionBody, CLOCK_SKEW_ALLOWANCE_MS, countersign, createSignedIntent, signAck, TxRejectedError, verifyTransaction,
} from '../../src/main/ledger/tx-protocol.js';
import type { LedgerTransaction } from '../../src/main/ledger/tx-types.js';
import { alice, bob, seedOf, sha256Hex } from './fixtures/ledger-fixtures.js';

interface VectorsV2 {
  requester: { seedHex: string; publicKeyHex: string };
  provider: { seedHex: string; publicKeyHex: string };
  vectors: Array<{ name: string; transaction: LedgerTransaction; intentBytesHex: string; receiptBytesHex: string; ackBytesHex: string }>;
}
const doc = JSON.parse(readFileSync(new URL('./vectors-v2.json', import.meta.url), 'utf8')) as VectorsV2;

describe('encoding v2 test vectors', () => {
  const requester = new Identity(Buffer.from(doc.requester.seedHex, 'hex'));
  const provider = new Identity(Buffer.from(doc.provider.seedHex, 'hex'));

  it.each(doc.vectors.map((v) => [v.name, v] as const))('%s: exact bytes and deterministic signatures', (_name, v) => {
    const tx = v.transaction;
    expect(tx.version).toBe(2);
    expect(encodeIntent(tx).toString('hex')).toBe(v.intentBytesHex);
    const receipt = encodeReceipt(tx);
    expect(receipt.toString('hex')).toBe(v.receiptBytesHex);
    expect(encodeAck(tx, receipt).toString('hex')).toBe(v.ackBytesHex);
    expect(requester.sign(Buffer.from(v.intentBytesHex, 'hex')).toString('hex')).toBe(tx.requesterSignature);
    expect(provider.sign(Buffer.from(v.receiptBytesHex, 'hex')).toString('hex')).toBe(tx.providerSignature);
    expect(requester.sign(Buffer.from(v.ackBytesHex, 'hex')).toString('hex')).toBe(tx.requesterAck);
    expect(verifyTransaction(tx, { requester: publicKeyFromHex(doc.requester.publicKeyHex), provider: publicKeyFromHex(doc.provider.publicKeyHex) })).toEqual(tx);
  });

  it('tags each v2 encoding and ends the intent with expiresAt and maxCredits in micro-credits', () => {
    const v = doc.vectors[0]!;
    expect(Buffer.from(v.intentBytesHex, 'hex').subarray(0, 27).toString('latin1')).toBe('EDGECODER-LEDGER/intent/v2\0');
    expect(Buffer.from(v.receiptBytesHex, 'hex').subarray(0, 28).toString('latin1')).toBe('EDGECODER-LEDGER/receipt/v2\0');
    expect(Buffer.from(v.ackBytesHex, 'hex').subarray(0, 24).toString('latin1')).toBe('EDGECODER-LEDGER/ack/v2\0');
    const intent = Buffer.from(v.intentBytesHex, 'hex');
    expect(Number(intent.readBigUInt64BE(intent.length - 16))).toBe(v.transaction.expiresAt);
    expect(Number(intent.readBigUInt64BE(intent.length - 8))).toBe(10_000_000);
  });
});

describe('v2 terms', () => {
  const a = alice();
  const b = bob();
  const t0 = 1_798_761_600_000;
  const intent = (over: { expiresAt?: number; maxCredits?: number } = {}) =>
    createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('t'), issuedAt: t0, expiresAt: over.expiresAt ?? t0 + 10_000, maxCredits: over.maxCredits ?? 5 });
  const work = (completedAt: number, cpuSeconds = 2) => ({ cpuSeconds, providerModelParamSize: 7, resultHash: sha256Hex('r'), completedAt });

  it('expiry and ceiling are signed: changing either breaks the requester signature', () => {
    const sent = intent();
    const tx = countersign(b, sent, a.publicKey, work(t0 + 1_000));
    for (const bad of [{ ...tx, expiresAt: tx.expiresAt! + 1 }, { ...tx, maxCredits: 50 }]) {
      expect(() => verifyTransaction(bad, { requester: a.publicKey, provider: b.publicKey })).toThrow(TxRejectedError);
    }
  });

  it('the provider will not complete after the expiry nor above the ceiling', () => {
    expect(() => countersign(b, intent(), a.publicKey, work(t0 + 10_001))).toThrow('expired');
    expect(() => countersign(b, intent({ maxCredits: 1.999 }), a.publicKey, work(t0 + 1_000))).toThrow('over_ceiling');
    expect(countersign(b, intent({ maxCredits: 2 }), a.publicKey, work(t0 + 10_000)).credits).toBe(2);
  });

  it('a transaction completed after expiry plus the clock-skew allowance is refused, within it accepted', () => {
    // Built by hand (the provider's own countersign refuses it): a provider whose clock ran ahead.
    const sent = intent();
    const late = (completedAt: number) => {
      const ok = countersign(b, sent, a.publicKey, work(t0 + 1_000));
      const body = { ...ok, completedAt };
      return { ...body, providerSignature: b.sign(encodeReceipt(body)).toString('hex') };
    };
    expect(() => checkTransactionBody(late(t0 + 10_000 + CLOCK_SKEW_ALLOWANCE_MS + 1))).toThrow('expired');
    expect(checkTransactionBody(late(t0 + 10_000 + CLOCK_SKEW_ALLOWANCE_MS)).tx.version).toBe(2);
  });

  it('the acknowledgement binds the receipt: another receipt or another key does not verify', () => {
    const sent = intent();
    const tx = countersign(b, sent, a.publicKey, work(t0 + 1_000));
    const acked = { ...tx, requesterAck: signAck(a, tx) };
    expect(acceptTransaction(sent, acked, b.publicKey, a.publicKey)).toEqual(acked);
    const other = countersign(b, sent, a.publicKey, work(t0 + 2_000, 3));
    const mallory = new Identity(seedOf('mallory'));
    for (const ack of [signAck(a, other), signAck(mallory, tx), signAck(b, tx)]) {
      expect(() => verifyTransaction({ ...tx, requesterAck: ack }, { requester: a.publicKey, provider: b.publicKey })).toThrow('bad_requester_ack');
    }
  });

  it('v1 stays v1: no terms, no acknowledgement', () => {
    const v1 = createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('t'), issuedAt: t0 });
    expect(v1.version).toBe(1);
    const tx = countersign(b, v1, a.publicKey, work(t0 + 1_000));
    expect(() => signAck(a, tx)).toThrow(TxRejectedError);
    expect(() => checkTransactionBody({ ...tx, requesterAck: '0'.repeat(128) })).toThrow('malformed');
    expect(() => createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('t'), issuedAt: t0, expiresAt: t0 + 1 })).toThrow(/both expiresAt and maxCredits/);
  });
});
