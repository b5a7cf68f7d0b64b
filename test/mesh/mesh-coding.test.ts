/**
 * A mesh coding task between two runners on the simulated air: this computer (real noble central, its
 * own ledger) asks a nearby runner (real bleno peripheral, paid-task provider, real llama.cpp on the
 * generated alphabet model, the real Pyodide/QuickJS sandbox) for a Python task. The alphabet model
 * "writes" `abcdefghijklmnopqrstuvwxyz`, a real NameError in the sandbox, so the loop fixes once and
 * gives up: the answer carries the code, exit code 1, 2 iterations and the error, and the credits
 * settle on the measured CPU seconds of the model and the sandbox.
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
import { runCodingTask } from '../../src/main/coding/coding-loop.js';
import type { CodingResult } from '../../src/main/coding/coding-types.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { withCoding, type WorkRunner } from '../../src/main/mesh/mesh-coding.js';
import { paidTaskHandler, type PaidTaskEvent } from '../../src/main/mesh/paid-task-provider.js';
import { meshTaskLine } from '../../src/main/app/mesh-task-notes.js';
import { PaidTaskFailedError, requestPaidTask, type PaidTask } from '../../src/main/mesh/paid-task-requester.js';
import { computeCredits } from '../../src/shared/ledger-credits.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { testSandbox } from '../sandbox/helpers.js';
import { tempDir } from '../support/temp-dir.js';
import { scanForAgent } from './find-peer.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-mesh-coding-');
const MESH = 'ab'.repeat(32);
const runnerLedger = (label: string): LedgerService => {
  const id = new Identity(Buffer.alloc(32, label.length + 40));
  return new LedgerService(id, LedgerStore.open(`${tmp.dir}/${label}.db`, { selfId: id.agentId }));
};
const me = runnerLedger('requester');
const them = runnerLedger('provider-x');
const sandbox = testSandbox({ timeoutMs: 10_000 });
let engine: InferenceEngine;
let modelCalls = 0;
const loops: CodingResult[] = [];
const outcomes: PaidTaskEvent[] = [];

const completion: WorkRunner = async (request, ctx) => {
  const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal });
  return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs, paramSize: r.paramSize, aborted: r.aborted };
};
const counted = { run: (...a: Parameters<InferenceEngine['run']>) => (modelCalls++, engine.run(...a)) };
const provider = new MeshPeripheralService({
  identity: { agentId: them.identity.agentId, meshTokenHash: MESH, publicKey: them.identity.publicKeyHex },
  capabilities: { model: 'alphabet-tiny', modelParamSize: 0, deviceType: 'laptop' },
  taskHandler: paidTaskHandler({
    ledger: them, clock: systemClock, requireIntent: true, onOutcome: (e) => outcomes.push(e),
    run: withCoding(completion, () => async (task, opts) => {
      const r = await runCodingTask({ engine: counted, sandbox, clock: systemClock, maxTokens: 64 }, task, opts);
      loops.push(r);
      return r;
    }),
  }),
  bleno: () => createSimBleno(air.createController()),
  name: 'EdgeCoder Runner X',
  logger: memoryLogger(),
});
const central = new BleCentralService({
  nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
  clock: systemClock, logger: memoryLogger(), meshTokenHash: MESH, selfAgentId: me.identity.agentId,
});
let peer: PeerRecord;

beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
  await sandbox.run({ language: 'python', code: 'pass' }, {}); // Pyodide's cold start is not the test's subject
  await provider.start();
  await central.start();
  peer = await scanForAgent(central, them.identity.agentId);
}, 120_000);
afterAll(async () => {
  await central.stop();
  await provider.stop();
  await engine?.stop();
  me.store.close();
  them.store.close();
  air.close();
  tmp.cleanup();
});

const ask = (task: PaidTask) => requestPaidTask(
  { ledger: me, clock: systemClock, newId: randomUUID },
  { agentId: them.identity.agentId, publicKey: peer.publicKey! },
  task,
  (request, opts) => central.sendTask(peer.peerId, request, opts),
  { timeoutMs: 90_000 },
);

describe('a mesh coding task between two runners (real noble, bleno, llama.cpp, sandbox, SQLite)', () => {
  it('runs the code in the provider\'s sandbox, fixes once, and both ledgers settle the measured CPU seconds', async () => {
    const callsBefore = modelCalls;
    const r = await ask({ prompt: 'Print the alphabet.', maxTokens: 64, coding: { language: 'python' } });
    const loop = loops.at(-1)!;
    expect(modelCalls - callsBefore).toBe(3); // plan, write, fix
    expect(r.output).toBe('');
    expect(r.coding).toMatchObject({ generatedCode: 'abcdefghijklmnopqrstuvwxyz\n', exitCode: 1, iterations: 2, reason: 'max_iterations' });
    expect(r.coding?.runError).toMatch(/NameError: name 'abcdefghijklmnopqrstuvwxyz' is not defined/);
    // Measured, both shares: the inference host's CPU and the sandbox children's.
    expect(loop.modelCpuSeconds).toBeGreaterThan(0);
    expect(loop.sandboxCpuSeconds).toBeGreaterThan(0);
    expect(r.tx.cpuSeconds).toBe(Math.round((loop.modelCpuSeconds + loop.sandboxCpuSeconds) * 1000) / 1000); // the ledger keeps milliseconds
    expect(r.tx.credits).toBe(computeCredits(r.tx.cpuSeconds, r.tx.providerModelParamSize));
    expect(me.store.get(r.tx.txId)).toMatchObject({ role: 'requester', state: 'pending' });
    // The provider holds the same countersigned transaction; the requester's copy adds its acknowledgement (v2).
    const { requesterAck, ...countersigned } = r.tx;
    expect(requesterAck).toMatch(/^[0-9a-f]{128}$/);
    expect(them.store.get(r.tx.txId)?.tx).toMatchObject(countersigned);
    expect(them.status().balance.earned).toBe(r.tx.credits);
    expect(me.status().balance.spent).toBe(r.tx.credits);
    // The provider's Activity line for the task it served.
    const served = outcomes.at(-1)!;
    expect(meshTaskLine(served, 'Runner A').text).toBe(`Ran a Python task for Runner A over Bluetooth: failed after 2 attempts (max iterations), ${r.tx.cpuSeconds} CPU-s, +${r.tx.credits} credits, pending sync.`);
  }, 120_000);

  it('starts from the requester\'s failed code and error history (no plan), in JavaScript, single_step', async () => {
    const callsBefore = modelCalls;
    const r = await ask({
      prompt: 'Print 42.', maxTokens: 64,
      coding: { language: 'javascript', kind: 'single_step', failedCode: 'console.log(answer)', errorHistory: ["ReferenceError: 'answer' is not defined"] },
    });
    expect(modelCalls - callsBefore).toBe(1); // the fix only
    expect(r.coding).toMatchObject({ generatedCode: 'abcdefghijklmnopqrstuvwxyz\n', exitCode: 1, iterations: 1, reason: 'max_iterations' });
    expect(r.coding?.runError).toMatch(/ReferenceError: 'abcdefghijklmnopqrstuvwxyz' is not defined/);
    expect(r.tx.cpuSeconds).toBeGreaterThan(0);
  }, 120_000);

  it('a request without coding is the plain completion it always was', async () => {
    const r = await ask({ prompt: 'uvw', maxTokens: 50 });
    expect(r.output).toBe('xyz');
    expect(r.coding).toBeUndefined();
  }, 60_000);

  it('refuses a coding task in a language the sandbox does not run: nothing runs, nothing is charged', async () => {
    const before = { calls: modelCalls, spent: me.status().balance.spent, pending: them.store.countByState().pending };
    await expect(ask({ prompt: 'hello', maxTokens: 64, coding: { language: 'rust' } })).rejects.toThrow(PaidTaskFailedError);
    await expect(ask({ prompt: 'hello', maxTokens: 64, coding: { language: 'rust' } })).rejects.toThrow(/not rust/);
    expect({ calls: modelCalls, spent: me.status().balance.spent, pending: them.store.countByState().pending }).toEqual(before);
  }, 60_000);
});
