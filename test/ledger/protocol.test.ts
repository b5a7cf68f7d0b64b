import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeCredits, qualityMultiplier } from '../../src/shared/ledger-credits.js';
import { Identity, publicKeyFromHex } from '../../src/main/ledger/identity.js';
import { encodeIntent, encodeReceipt } from '../../src/main/ledger/tx-encoding.js';
import { acceptTransaction, countersign, createSignedIntent, TxRejectedError, verifyIntent, verifyTransaction } from '../../src/main/ledger/tx-protocol.js';
import type { LedgerTransaction } from '../../src/main/ledger/tx-types.js';
import { alice, bob, makeTx, seedOf, sha256Hex, tamperings } from './fixtures/ledger-fixtures.js';

interface Vectors {
  requester: { seedHex: string; publicKeyHex: string; agentId: string };
  provider: { seedHex: string; publicKeyHex: string; agentId: string };
  vectors: Array<{ name: string; transaction: LedgerTransaction; intentBytesHex: string; receiptBytesHex: string }>;
}
const doc = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8')) as Vectors;

describe('canonical encoding test vectors', () => {
  const requester = new Identity(Buffer.from(doc.requester.seedHex, 'hex'));
  const provider = new Identity(Buffer.from(doc.provider.seedHex, 'hex'));

  it('derives the recorded keys and agentIds from the seeds', () => {
    expect(requester.publicKeyHex).toBe(doc.requester.publicKeyHex);
    expect(requester.agentId).toBe(doc.requester.agentId);
    expect(provider.publicKeyHex).toBe(doc.provider.publicKeyHex);
    expect(provider.agentId).toBe(doc.provider.agentId);
  });

  it.each(doc.vectors.map((v) => [v.name, v] as const))('%s: exact bytes and deterministic signatures', (_name, v) => {
    const tx = v.transaction;
    expect(encodeIntent(tx).toString('hex')).toBe(v.intentBytesHex);
    expect(encodeReceipt(tx).toString('hex')).toBe(v.receiptBytesHex);
    expect(requester.sign(Buffer.from(v.intentBytesHex, 'hex')).toString('hex')).toBe(tx.requesterSignature);
    expect(provider.sign(Buffer.from(v.receiptBytesHex, 'hex')).toString('hex')).toBe(tx.providerSignature);
    expect(tx.credits).toBe(computeCredits(tx.cpuSeconds, tx.providerModelParamSize));
    expect(verifyTransaction(tx, { requester: publicKeyFromHex(doc.requester.publicKeyHex), provider: publicKeyFromHex(doc.provider.publicKeyHex) })).toEqual(tx);
  });

  it('starts each encoding with its domain tag', () => {
    const v = doc.vectors[0]!;
    expect(Buffer.from(v.intentBytesHex, 'hex').subarray(0, 27).toString('latin1')).toBe('EDGECODER-LEDGER/intent/v1\0');
    expect(Buffer.from(v.receiptBytesHex, 'hex').subarray(0, 28).toString('latin1')).toBe('EDGECODER-LEDGER/receipt/v1\0');
  });
});

describe('credit formula (seed 000)', () => {
  it('applies the quality multiplier bands', () => {
    expect([13, 7, 6.9, 3, 2.9, 1.5, 1.4, 0.5].map(qualityMultiplier)).toEqual([1, 1, 0.7, 0.7, 0.5, 0.5, 0.3, 0.3]);
    expect(computeCredits(10, 7)).toBe(10);
    expect(computeCredits(12.345, 3.8)).toBe(8.6415);
    expect(computeCredits(3, 1)).toBe(0.9);
  });
});

describe('dual-signature protocol between two identities', () => {
  const a = alice();
  const b = bob();

  it('requester signs, provider verifies and countersigns, requester accepts', () => {
    const sent = createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('prompt'), issuedAt: 1000 });
    const seen = verifyIntent(JSON.parse(JSON.stringify(sent)), a.publicKey, b.agentId);
    const tx = countersign(b, seen, a.publicKey, { cpuSeconds: 4.2, providerModelParamSize: 3.8, resultHash: sha256Hex('out'), completedAt: 2000 });
    expect(tx.credits).toBe(2.94);
    const accepted = acceptTransaction(sent, JSON.parse(JSON.stringify(tx)), b.publicKey, a.publicKey);
    expect(accepted).toEqual(tx);
  });

  it('provider refuses intents that are tampered, mis-addressed or signed by the wrong key', () => {
    const sent = createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('p'), issuedAt: 5 });
    const mallory = new Identity(seedOf('mallory'));
    const cases: Array<[unknown, string]> = [
      [{ ...sent, taskHash: sha256Hex('q') }, 'bad_requester_signature'],
      [{ ...sent, issuedAt: 6 }, 'bad_requester_signature'],
      [{ ...sent, txId: 'other' }, 'bad_requester_signature'],
      [{ ...sent, requesterSignature: '' }, 'malformed'],
      [{ ...sent, providerId: mallory.agentId }, 'wrong_provider'],
    ];
    for (const [input, code] of cases) expect(() => verifyIntent(input, a.publicKey, b.agentId)).toThrow(code);
    expect(() => verifyIntent(sent, mallory.publicKey, b.agentId)).toThrow('bad_requester_signature');
    expect(() => countersign(b, { ...sent, issuedAt: 7 }, a.publicKey, { cpuSeconds: 1, providerModelParamSize: 7, resultHash: sha256Hex('r'), completedAt: 9 })).toThrow(TxRejectedError);
  });

  it('requester refuses every tampered reply and replies signed by the wrong key', () => {
    const sent = createSignedIntent(a, { providerId: b.agentId, taskHash: sha256Hex('task-1'), issuedAt: 1_767_225_601_000, txId: 'tx-1' });
    const tx = countersign(b, sent, a.publicKey, { cpuSeconds: 2, providerModelParamSize: 7, resultHash: sha256Hex('result-1'), completedAt: 1_767_225_601_500 });
    const other = makeTx(a, b, 2);
    for (const [field, bad] of tamperings(tx, other)) {
      expect(() => acceptTransaction(sent, bad, b.publicKey, a.publicKey), field).toThrow(TxRejectedError);
    }
    const mallory = new Identity(seedOf('mallory'));
    expect(() => acceptTransaction(sent, tx, mallory.publicKey, a.publicKey)).toThrow('bad_provider_signature');
    // A validly signed transaction for a different intent is not the answer to this one.
    expect(() => acceptTransaction(sent, other, b.publicKey, a.publicKey)).toThrow('intent_changed');
  });
});
