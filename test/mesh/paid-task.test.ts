/**
 * A paid mesh task end to end on the real libraries: a virtual phone (bleno + noble on the simulated
 * air) asks this computer's peripheral for work; the provider checks the signed intent, runs real
 * llama.cpp on the generated tiny model, countersigns and records; the phone verifies and records.
 * Then the refusals: what a rogue central sends is refused before anything runs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike, PeerRecord } from '../../src/main/ble/central/index.js';
import type { MeshTaskRequestInput } from '../../src/main/ble/protocol/mesh-schemas.js';
import { createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { SIM_MESH_TOKEN_HASH, startMeshDevice } from '../../src/sim/devices/mesh-device.js';
import type { SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import { Identity, loadOrCreateIdentity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { taskDigest } from '../../src/main/ledger/task-digest.js';
import { createSignedIntent, verifyTransaction } from '../../src/main/ledger/tx-protocol.js';
import { computeCredits } from '../../src/shared/ledger-credits.js';
import { llamaProvider } from './llama-provider.js';
import { scanForAgent } from './find-peer.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-paid-');
const identity = loadOrCreateIdentity({ dataDir: tmp.dir });
const store = LedgerStore.open(`${tmp.dir}/ledger.db`, { selfId: identity.agentId });
const ledger = new LedgerService(identity, store);
const provider = llamaProvider({ air, identity, ledger });
let phone: SimMeshDevice;

beforeAll(async () => {
  await provider.start();
  phone = await startMeshDevice(air, { label: 'sim-phone-1', deviceType: 'phone' });
}, 120_000);
afterAll(async () => {
  await phone?.stop();
  await provider.stop();
  store.close();
  air.close();
  tmp.cleanup();
});

describe('paid mesh task: virtual phone → this computer (real noble, bleno, llama.cpp, SQLite)', () => {
  it('runs the task, and both sides hold the same dual-signed transaction with the formula credits', async () => {
    const r = await phone.requester.request(identity.agentId, { prompt: 'uvw', maxTokens: 100 }, { timeoutMs: 30_000 });
    expect(r.output).toBe('xyz');
    expect(r.tx).toMatchObject({ requesterId: phone.agentId, providerId: identity.agentId, taskHash: taskDigest({ prompt: 'uvw', maxTokens: 100 }) });
    expect(r.tx.credits).toBe(computeCredits(r.tx.cpuSeconds, r.tx.providerModelParamSize));
    const mine = store.get(r.tx.txId);
    const theirs = phone.ledger.store.get(r.tx.txId);
    expect(mine?.role).toBe('provider');
    expect(theirs?.role).toBe('requester');
    expect(mine?.tx).toEqual(theirs?.tx);
    expect(verifyTransaction(mine?.tx, { requester: phone.ledger.identity.publicKey, provider: identity.publicKey })).toEqual(mine?.tx);
    const otherKey = new Identity(Buffer.alloc(32, 1)).publicKey; // wrong key: must not verify
    expect(() => verifyTransaction(mine?.tx, { requester: otherKey, provider: identity.publicKey })).toThrow(/requester signature/);
    expect(ledger.status().balance.earned).toBe(r.tx.credits);
    expect(phone.ledger.status().balance.spent).toBe(r.tx.credits);
    expect(store.verifyChain().ok).toBe(true);
  }, 60_000);
});

describe('refusals: nothing runs, nothing is recorded', () => {
  const rogue = new Identity(Buffer.alloc(32, 7));
  const rogueLedger = new LedgerService(rogue, LedgerStore.open(':memory:', { selfId: rogue.agentId }));
  const central = new BleCentralService({
    nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
    clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH,
  });
  let peer: PeerRecord;
  const who = { agentId: rogue.agentId, publicKey: rogue.publicKeyHex };
  const task = { prompt: 'abc', maxTokens: 10 };
  const send = async (req: Omit<MeshTaskRequestInput, 'id'>) => central.sendTask(peer.peerId, { id: randomUUID(), ...req }, { timeoutMs: 20_000 });
  const signed = (over: { providerId?: string; taskHash?: string; expiresAt?: number; maxCredits?: number } = {}) =>
    ({ ...rogueLedger.createIntent(over.providerId ?? identity.agentId, over.taskHash ?? taskDigest(task), Date.now() - 10_000, { expiresAt: over.expiresAt ?? Date.now() + 60_000, maxCredits: over.maxCredits ?? 100 }) });

  beforeAll(async () => {
    await central.start();
      peer = await scanForAgent(central, identity.agentId);
  }, 30_000);
  afterAll(async () => {
    await central.stop();
    rogueLedger.store.close();
  });

  const cases: Array<[string, () => Omit<MeshTaskRequestInput, 'id'>, RegExp]> = [
    ['no intent', () => ({ ...task }), /signed intent is required/],
    ['intent without the requester identity', () => ({ ...task, intent: signed() }), /without the requester identity/],
    ['intent signed for another task', () => ({ ...task, intent: signed({ taskHash: taskDigest({ prompt: 'other', maxTokens: 10 }) }), requester: who }), /taskHash does not match/],
    ['intent addressed to another provider', () => ({ ...task, intent: signed({ providerId: 'someone-else' }), requester: who }), /wrong_provider/],
    ['intent signed by another key than presented', () => ({ ...task, intent: signed(), requester: { agentId: rogue.agentId, publicKey: new Identity(Buffer.alloc(32, 9)).publicKeyHex } }), /unknown_agent|not the hash/],
    ['tampered signature', () => ({ ...task, intent: { ...signed(), requesterSignature: '00'.repeat(64) }, requester: who }), /bad_requester_signature/],
    ['an intent that has expired', () => ({ ...task, intent: signed({ expiresAt: Date.now() - 1 }), requester: who }), /expired/],
    ['a version 1 intent (no expiry, no ceiling)', () => ({ ...task, intent: { ...createSignedIntent(rogue, { providerId: identity.agentId, taskHash: taskDigest(task), issuedAt: Date.now() }) }, requester: who }), /version 1/],
  ];
  for (const [name, build, error] of cases) {
    it(`refuses: ${name}`, async () => {
      const before = { runs: provider.runs, count: store.countByState().pending };
      const res = await send(build());
      expect(res.ok).toBe(false);
      expect(res.error).toMatch(error);
      expect(res.receipt).toBeUndefined();
      expect({ runs: provider.runs, count: store.countByState().pending }).toEqual(before);
    }, 30_000);
  }

  it('a refused intent pins no key: only a key that signed a valid intent is remembered', async () => {
    const stranger = new Identity(Buffer.alloc(32, 8));
    const forged = { ...signed(), requesterId: stranger.agentId }; // signed by another key
    const res = await send({ ...task, intent: forged, requester: { agentId: stranger.agentId, publicKey: stranger.publicKeyHex } });
    expect(res.error).toMatch(/bad_requester_signature/);
    expect(store.peerKey(stranger.agentId)).toBeNull();
  }, 30_000);

  it('runs, but neither records nor answers, work that comes to more credits than the intent\'s ceiling', async () => {
    const before = { runs: provider.runs, pending: store.countByState().pending };
    const res = await send({ ...task, intent: signed({ maxCredits: 0 }), requester: who });
    expect(res).toMatchObject({ ok: false });
    expect(res.error).toMatch(/over_ceiling/);
    expect(res.receipt).toBeUndefined();
    expect(provider.runs).toBe(before.runs + 1);
    expect(store.countByState().pending).toBe(before.pending);
  }, 30_000);

  it('serves a well-formed request once, and refuses its replay', async () => {
    const intent = signed();
    const first = await send({ ...task, intent, requester: who });
    expect(first.ok).toBe(true);
    expect(first.output).toBe('defghijklm');
    const runsAfterFirst = provider.runs;
    const replay = await send({ ...task, intent, requester: who });
    expect(replay).toMatchObject({ ok: false });
    expect(replay.error).toMatch(/replayed/);
    expect(provider.runs).toBe(runsAfterFirst);
  }, 30_000);
});
