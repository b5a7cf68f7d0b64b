/**
 * The other direction: this computer asks a virtual laptop for work. The laptop's task handler is real
 * llama.cpp on the generated tiny model (the "the generated GGUF once it exists"); this computer
 * signs the intent with its persistent identity, verifies the receipt, and records what it spent.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike } from '../../src/main/ble/central/index.js';
import { createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { SIM_MESH_TOKEN_HASH, startMeshDevice } from '../../src/sim/devices/mesh-device.js';
import type { SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { loadOrCreateIdentity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { computeCredits } from '../../src/shared/ledger-credits.js';
import { requestPaidTask } from '../../src/main/mesh/paid-task-requester.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { tempDir } from '../support/temp-dir.js';
import { scanForAgent } from './find-peer.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-requester-');
const me = loadOrCreateIdentity({ dataDir: tmp.dir });
const ledger = new LedgerService(me, LedgerStore.open(`${tmp.dir}/ledger.db`, { selfId: me.agentId }));
const central = new BleCentralService({
  nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
  clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH, selfAgentId: me.agentId,
});
let engine: InferenceEngine;
let laptop: SimMeshDevice;

beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
  laptop = await startMeshDevice(air, {
    label: 'sim-laptop-llama', deviceType: 'laptop', modelParamSize: 3,
    taskHandler: async (request, ctx) => {
      const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal });
      return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs };
    },
  });
  await central.start();
}, 120_000);
afterAll(async () => {
  await central.stop();
  await laptop?.stop();
  await engine?.stop();
  ledger.store.close();
  air.close();
  tmp.cleanup();
});

describe('this computer as requester (real noble, bleno, llama.cpp on the virtual laptop, SQLite)', () => {
  it('gets the model\'s exact answer and records the spend the laptop countersigned', async () => {
    const peer = await scanForAgent(central, laptop.agentId);
    expect(peer.publicKey).toMatch(/^[0-9a-f]{64}$/);
    const r = await requestPaidTask(
      { ledger, clock: systemClock, newId: randomUUID },
      { agentId: laptop.agentId, publicKey: peer.publicKey! },
      { prompt: 'uvw', maxTokens: 50 },
      (request, opts) => central.sendTask(peer.peerId, request, opts),
      { timeoutMs: 30_000 },
    );
    expect(r.output).toBe('xyz');
    expect(r.tx.providerModelParamSize).toBe(3);
    expect(r.tx.credits).toBe(computeCredits(r.tx.cpuSeconds, 3)); // 3–7B: multiplier 0.7
    expect(ledger.store.get(r.tx.txId)).toMatchObject({ role: 'requester', peerId: laptop.agentId, state: 'pending' });
    // Encoding v2: this computer acknowledged the answer it received; the laptop's copy has all but that
    // (requestPaidTask alone does not hand it over) and shows it as unacknowledged work.
    expect(r.tx.requesterAck).toMatch(/^[0-9a-f]{128}$/);
    expect(ledger.store.pending(10).map((p) => p.tx)).toEqual([r.tx]);
    expect(laptop.ledger.store.get(r.tx.txId)?.tx).toEqual({ ...r.tx, requesterAck: undefined });
    expect(laptop.ledger.unacknowledged()).toMatchObject([{ peerId: me.agentId, count: 1, credits: r.tx.credits }]);
    expect(laptop.ledger.store.pending(10)).toEqual([]);
    expect(ledger.status().balance.spent).toBe(r.tx.credits);
  }, 60_000);
});
