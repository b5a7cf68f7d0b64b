/**
 * A coding request routed to a nearby device on the simulated air: this computer's real noble central
 * and SQLite ledger route a Python "Run as a coding task" through the request router; a nearby runner
 * (real bleno, paid-task provider, the coding loop on real llama.cpp with the coder model and the real
 * sandbox) writes, runs and fixes it and is paid for it. An iPhone in Bluetooth Local mode, cheaper
 * for a plain prompt, is skipped for the coding request (it cannot run code) and never sees it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike, PeerRecord } from '../../src/main/ble/central/index.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/index.js';
import { runCodingTask } from '../../src/main/coding/coding-loop.js';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { withCoding, type WorkRunner } from '../../src/main/mesh/mesh-coding.js';
import { paidTaskHandler } from '../../src/main/mesh/paid-task-provider.js';
import { bluetoothLocalExecutor } from '../../src/main/routing/bluetooth-local-executor.js';
import { meshPeerExecutor } from '../../src/main/routing/mesh-peer-executor.js';
import { RequestRouter } from '../../src/main/routing/request-router.js';
import type { CompletionJob } from '../../src/main/routing/route-types.js';
import { SIM_MESH_TOKEN_HASH } from '../../src/sim/devices/mesh-device.js';
import { startIphoneLocal, type SimIphone } from '../../src/sim/devices/iphone-local-device.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { testEngine } from '../inference/helpers.js';
import { testSandbox } from '../sandbox/helpers.js';
import { tempDir } from '../support/temp-dir.js';
import { rankOver } from './router-world.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-route-coding-');
const ledgerOf = (label: string, seed: number): LedgerService => {
  const id = new Identity(Buffer.alloc(32, seed));
  return new LedgerService(id, LedgerStore.open(`${tmp.dir}/${label}.db`, { selfId: id.agentId }));
};
const me = ledgerOf('requester', 61);
const them = ledgerOf('provider', 62);
const sandbox = testSandbox({ timeoutMs: 10_000 });
let engine: InferenceEngine;
let iphone: SimIphone;
let iphoneRequests = 0;

const completion: WorkRunner = async (request, ctx) => {
  const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal });
  return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs, paramSize: r.paramSize, aborted: r.aborted };
};
const provider = new MeshPeripheralService({
  identity: { agentId: them.identity.agentId, meshTokenHash: SIM_MESH_TOKEN_HASH, publicKey: them.identity.publicKeyHex },
  // A phone at half battery: costlier than the iPhone for a plain prompt.
  capabilities: { model: 'coder-tiny', modelParamSize: 0, deviceType: 'phone', batteryPct: 50, currentLoad: 0 },
  taskHandler: paidTaskHandler({
    ledger: them, clock: systemClock, requireIntent: true,
    run: withCoding(completion, () => (task, opts) => runCodingTask({ engine, sandbox, clock: systemClock }, task, opts)),
  }),
  bleno: () => createSimBleno(air.createController()),
  name: 'EdgeCoder coder-phone',
  logger: memoryLogger(),
});
const central = new BleCentralService({
  nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
  clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH, selfAgentId: me.identity.agentId,
});
const router = new RequestRouter({
  rank: rankOver(central, (p) => p.agentId === them.identity.agentId || p.profile === 'local'),
  executors: {
    mesh: meshPeerExecutor({ central, requester: { ledger: me, clock: systemClock, newId: randomUUID } }),
    'bluetooth-local': bluetoothLocalExecutor({ central }),
  },
  bluetoothSearching: () => false, onCandidatesChanged: (l) => central.onPeerChange(l), clock: systemClock, newId: randomUUID,
});
const job = (over: Partial<CompletionJob>): CompletionJob => ({ input: { prompt: 'uvw' }, maxTokens: 64, model: 'auto', source: 'dashboard', timeoutMs: 90_000, ...over });

function untilPeers(pred: (peers: PeerRecord[]) => boolean): Promise<void> {
  return withDeadline(new Promise<void>((resolve) => {
    const check = (): void => {
      if (!pred(central.peers())) return;
      off();
      resolve();
    };
    const off = central.onPeerChange(check);
    check();
  }), { clock: systemClock, ms: 30_000, operation: 'waiting for the provider and the iPhone' });
}

beforeAll(async () => {
  engine = testEngine({ modelPath: (await ensureTestModel('coder')).path });
  await engine.start();
  iphone = await startIphoneLocal(air, { name: 'iPhone sim', batteryPct: 100, handler: async (r) => (iphoneRequests++, { ok: true, output: `iphone: ${r.prompt}` }) });
  await provider.start();
  await central.start();
  await central.setScanning(true);
  await untilPeers((ps) => ps.filter((p) => p.identifiedAt !== null && p.routable).length >= 2);
}, 120_000);
afterAll(async () => {
  await central.stop();
  await provider.stop();
  await iphone?.stop();
  await engine?.stop();
  me.store.close();
  them.store.close();
  air.close();
  tmp.cleanup();
});

describe('a coding request routed to a nearby runner (real noble, bleno, llama.cpp, sandbox, SQLite)', () => {
  it('a plain prompt goes to the cheaper iPhone; the coding request skips it and is written, run and fixed on the mesh runner, paid once', async () => {
    const plain = await router.run(job({}));
    expect(plain.servedBy.kind).toBe('bluetooth-local');
    expect(plain.coding).toBeUndefined();
    const seenByIphone = iphoneRequests;

    const t = CODER_TASKS.find((x) => x.id === 'py-word-lengths')!;
    const out = await router.run(job({ input: { prompt: t.input }, coding: { language: 'python', kind: 'micro_loop' } }));
    expect(iphoneRequests).toBe(seenByIphone);
    expect(out).toMatchObject({
      output: '9 words, 35 letters\n',
      servedBy: { name: 'EdgeCoder coder-phone', kind: 'mesh' },
      attempts: [{ kind: 'mesh', outcome: 'served' }],
      coding: { language: 'python', ok: true, exitCode: 0, iterations: 2, reason: null, error: null },
    });
    expect(out.coding?.code).toMatch(/print\(/);
    // Charged where it lands: the requester's ledger holds the transaction the run was paid with.
    const paid = me.store.pending(100).map((x) => x.tx).filter((tx) => tx.providerId === them.identity.agentId);
    expect(paid).toHaveLength(1);
    expect(out.credits).toBe(paid[0]!.credits);
    expect(out.coding?.cpuSeconds).toBe(paid[0]!.cpuSeconds);
    expect(router.recent()[0]).toMatchObject({ ok: true, coding: { language: 'python', ok: true, iterations: 2 } });
  }, 150_000);
});
