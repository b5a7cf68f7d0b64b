/**
 * The reference coordinator settles a v2 transaction only with the requester's acknowledgement, within
 * the signed ceiling and no later than the signed expiry plus the clock-skew allowance; v1 keeps v1 rules.
 * Counted where it lands: the coordinator's settled rows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import type { Identity } from '../../src/main/ledger/identity.js';
import { encodeAck, encodeReceipt } from '../../src/main/ledger/tx-encoding.js';
import { CLOCK_SKEW_ALLOWANCE_MS, countersign, createSignedIntent, signAck } from '../../src/main/ledger/tx-protocol.js';
import { toBleSyncTransaction } from '../../src/main/ledger/tx-types.js';
import type { LedgerTransaction } from '../../src/main/ledger/tx-types.js';
import { alice, bob, makeTx, sha256Hex } from './fixtures/ledger-fixtures.js';

const running: RunningCoordinator[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.close();
});

const a = alice();
const b = bob();
const t0 = 1_798_761_600_000;
const keys = { requesterPublicKey: a.publicKeyHex, providerPublicKey: b.publicKeyHex };

function v2(i: number, o: { ttlMs?: number; maxCredits?: number; cpuSeconds?: number } = {}): LedgerTransaction {
  const intent = createSignedIntent(a, {
    providerId: b.agentId, taskHash: sha256Hex(`v2-${i}`), issuedAt: t0, txId: `v2-${i}`, expiresAt: t0 + (o.ttlMs ?? 30_000), maxCredits: o.maxCredits ?? 10,
  });
  return countersign(b, intent, a.publicKey, { cpuSeconds: o.cpuSeconds ?? 2, providerModelParamSize: 7, resultHash: sha256Hex(`r-${i}`), completedAt: t0 + 1_000 });
}
const acked = (tx: LedgerTransaction, by: Identity = a): LedgerTransaction => ({ ...tx, requesterAck: signAck(by, tx) });
/** What a dishonest provider could sign itself: the countersign it would not make. */
function resigned(tx: LedgerTransaction, change: Partial<LedgerTransaction>): LedgerTransaction {
  const body = { ...tx, ...change };
  delete body.requesterAck;
  const receipt = encodeReceipt(body);
  // The requester's key signs the acknowledgement by hand: signAck itself refuses a transaction out of terms.
  return { ...body, providerSignature: b.sign(receipt).toString('hex'), requesterAck: a.sign(encodeAck(body, receipt)).toString('hex') };
}

async function sync(txs: LedgerTransaction[]): Promise<{ c: RunningCoordinator; reply: Awaited<ReturnType<CoordinatorClient['bleSync']>> }> {
  const c = await startCoordinator({ dataDir: mkdtempSync(join(tmpdir(), 'coord-v2-')) });
  running.push(c);
  const client = new CoordinatorClient({ baseUrl: c.url, meshToken: c.meshToken, operatorToken: c.operatorToken });
  const reply = await client.bleSync({ transactions: txs.map((tx) => toBleSyncTransaction(tx, keys)) });
  return { c, reply };
}
const settledIds = (c: RunningCoordinator): string[] =>
  (c.db.prepare('SELECT tx_id FROM settled ORDER BY seq').pluck().all() as string[]);

describe('coordinator settlement, encoding v2', () => {
  it('settles an acknowledged v2 transaction and a v1 one; refuses the unacknowledged, the expired, the over-ceiling and a forged acknowledgement', async () => {
    const late = resigned(v2(3), { completedAt: t0 + 30_000 + CLOCK_SKEW_ALLOWANCE_MS + 1 });
    const lateButWithinSkew = resigned(v2(4), { completedAt: t0 + 30_000 + CLOCK_SKEW_ALLOWANCE_MS });
    const over = resigned(v2(5, { maxCredits: 1, cpuSeconds: 1 }), { cpuSeconds: 1.5, credits: 1.5 });
    const { c, reply } = await sync([acked(v2(1)), v2(2), late, lateButWithinSkew, over, acked(v2(6), b), makeTx(a, b, 7)]);
    expect(reply.applied.sort()).toEqual(['tx-7', 'v2-1', 'v2-4']);
    expect(reply.reasons).toEqual({ 'v2-2': 'unacknowledged', 'v2-3': 'expired', 'v2-5': 'over_ceiling', 'v2-6': 'bad_requester_ack' });
    expect(settledIds(c).sort()).toEqual(['tx-7', 'v2-1', 'v2-4']);
  });

  it('the acknowledged copy settles once whoever submits it; an unacknowledged copy of the same txId afterwards changes nothing', async () => {
    const tx = v2(1);
    const { c, reply } = await sync([acked(tx)]);
    expect(reply.applied).toEqual(['v2-1']);
    const client = new CoordinatorClient({ baseUrl: c.url, meshToken: c.meshToken, operatorToken: c.operatorToken });
    const again = await client.bleSync({ transactions: [toBleSyncTransaction(acked(tx), keys), toBleSyncTransaction(tx, keys)] });
    expect(again.applied).toEqual([]);
    expect(again.reasons).toEqual({ 'v2-1': 'duplicate' });
    expect(settledIds(c)).toEqual(['v2-1']);
  });
});
