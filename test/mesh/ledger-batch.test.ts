/**
 * Characteristic 0006 served by this computer's handler: a nearby device hands over a batch; what this
 * computer is a party to and lacks is verified and recorded before the acknowledgement, what it holds is
 * acknowledged, everything else is refused with its reason. Real bleno and noble, real SQLite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike, PeerRecord } from '../../src/main/ble/central/index.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/index.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { SIM_MESH_TOKEN_HASH } from '../../src/sim/devices/mesh-device.js';
import { Identity, loadOrCreateIdentity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { resultDigest, taskDigest } from '../../src/main/ledger/task-digest.js';
import { countersign, createSignedIntent } from '../../src/main/ledger/tx-protocol.js';
import type { LedgerTransaction } from '../../src/main/ledger/tx-types.js';
import { ledgerBatchHandler } from '../../src/main/mesh/ledger-batch-handler.js';
import { paidTaskHandler } from '../../src/main/mesh/paid-task-provider.js';
import { requestPaidTask } from '../../src/main/mesh/paid-task-requester.js';
import { scanForAgent } from './find-peer.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-batch-');
const me = loadOrCreateIdentity({ dataDir: tmp.dir });
const store = LedgerStore.open(`${tmp.dir}/ledger.db`, { selfId: me.agentId });
const ledger = new LedgerService(me, store);
let recordedCallbacks = 0;
const provider = new MeshPeripheralService({
  identity: me.bleIdentity('sim-mesh'),
  capabilities: { model: 'echo-7b', modelParamSize: 7, deviceType: 'laptop' },
  taskHandler: paidTaskHandler({
    ledger, clock: systemClock, requireIntent: true,
    run: async (r) => ({ ok: true, output: `echo ${r.prompt}`, cpuSeconds: 1, durationMs: 1, paramSize: 7 }),
  }),
  ledgerHandler: ledgerBatchHandler({ identity: me, store, onRecorded: (n) => (recordedCallbacks += n) }),
  bleno: () => createSimBleno(air.createController()),
  logger: memoryLogger(),
});
const phone = new Identity(Buffer.alloc(32, 21));
const phoneLedger = new LedgerService(phone, LedgerStore.open(':memory:', { selfId: phone.agentId }));
const central = new BleCentralService({
  nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
  clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH,
});
let peer: PeerRecord;

beforeAll(async () => {
  await provider.start();
  await central.start();
  peer = await scanForAgent(central, me.agentId);
}, 30_000);
afterAll(async () => {
  await central.stop();
  await provider.stop();
  phoneLedger.store.close();
  store.close();
  air.close();
  tmp.cleanup();
});

/** A transaction `requester` → `providerIdentity`, countersigned but recorded nowhere. */
function trade(requester: Identity, providerIdentity: Identity, n: number): LedgerTransaction {
  const intent = createSignedIntent(requester, { providerId: providerIdentity.agentId, taskHash: taskDigest({ prompt: `t${n}`, maxTokens: 8 }), issuedAt: 1_000 + n });
  return countersign(providerIdentity, intent, requester.publicKey, { cpuSeconds: 2, providerModelParamSize: 7, resultHash: resultDigest(`r${n}`), completedAt: 2_000 + n });
}

describe('ledger batch over 0006 into this computer', () => {
  let missing: LedgerTransaction;
  it('records what it lacks, acknowledges what it holds, refuses the rest with reasons', async () => {
    // They traded once over the mesh: this computer pinned the phone's key and holds that transaction.
    const held = await requestPaidTask(
      { ledger: phoneLedger, clock: systemClock, newId: randomUUID },
      { agentId: me.agentId, publicKey: me.publicKeyHex },
      { prompt: 'hello', maxTokens: 8 },
      (request, opts) => central.sendTask(peer.peerId, request, opts),
    );
    missing = trade(phone, me, 1); // this computer's copy lost (say, a restored backup); the phone still has it
    const tampered = { ...trade(phone, me, 2), credits: 99 };
    const stranger = new Identity(Buffer.alloc(32, 22));
    const foreign = trade(phone, stranger, 3);
    const unknownPeer = trade(stranger, me, 4);
    const ack = await central.sendLedgerBatch(peer.peerId, {
      batchId: 'b1',
      transactions: [held.tx, missing, tampered, foreign, unknownPeer],
    }, { timeoutMs: 20_000 });

    expect(ack.batchId).toBe('b1');
    expect(ack.accepted.sort()).toEqual([held.tx.txId, missing.txId].sort());
    const reasons = Object.fromEntries(ack.rejected.map((r) => [r.txId, r.reason]));
    expect(reasons[tampered.txId]).toMatch(/credits_mismatch/);
    expect(reasons[foreign.txId]).toMatch(/^not_a_party/);
    expect(reasons[unknownPeer.txId]).toMatch(/unknown_agent/);
    expect(store.get(missing.txId)?.role).toBe('provider');
    expect(store.get(missing.txId)?.tx).toEqual(missing);
    for (const id of [tampered.txId, foreign.txId, unknownPeer.txId]) expect(store.has(id)).toBe(false);
    expect(recordedCallbacks).toBe(1);
    expect(store.verifyChain().ok).toBe(true);
  }, 40_000);

  it('the same batch again records nothing new and acknowledges the same ids', async () => {
    const ack = await central.sendLedgerBatch(peer.peerId, { batchId: 'b2', transactions: [missing, missing] }, { timeoutMs: 20_000 });
    expect(ack.accepted).toEqual([missing.txId, missing.txId]);
    expect(ack.rejected).toEqual([]);
    expect(recordedCallbacks).toBe(1);
  }, 30_000);
});
