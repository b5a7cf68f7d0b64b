/**
 * The request router over nearby devices on the real stacks: this computer's real noble central on the
 * simulated air and its real SQLite ledger; virtual laptops, a phone and an iPhone (real bleno) whose
 * handlers run real llama.cpp on the tiny alphabet model ('uvw' → 'xyz'). The ranking is built the way
 * the app builds it: peerCandidate over central.peers(), then rankCandidates.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike, PeerRecord } from '../../src/main/ble/central/index.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/index.js';
import type { MeshTaskHandler } from '../../src/main/ble/peripheral/index.js';
import { startIphoneLocal } from '../../src/sim/devices/iphone-local-device.js';
import type { SimIphone } from '../../src/sim/devices/iphone-local-device.js';
import { SIM_MESH_TOKEN_HASH, startMeshDevice } from '../../src/sim/devices/mesh-device.js';
import type { MeshDeviceOptions, SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { ManualClock, systemClock } from '../../src/main/core/clock.js';
import type { Clock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { Identity, loadOrCreateIdentity, publicKeyFromHex } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { resultDigest } from '../../src/main/ledger/task-digest.js';
import { encodeReceipt } from '../../src/main/ledger/tx-encoding.js';
import { countersign } from '../../src/main/ledger/tx-protocol.js';
import { bluetoothLocalExecutor } from '../../src/main/routing/bluetooth-local-executor.js';
import { meshPeerExecutor } from '../../src/main/routing/mesh-peer-executor.js';
import { NoDeviceError, RouteDeadlineError, UnknownModelError } from '../../src/main/routing/route-errors.js';
import type { RequestRouterLimits } from '../../src/main/routing/request-router.js';
import { RequestRouter } from '../../src/main/routing/request-router.js';
import type { CompletionJob } from '../../src/main/routing/route-types.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { tempDir } from '../support/temp-dir.js';
import { DeviceBehaviours, rankOver } from './router-world.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-router-');
const me = loadOrCreateIdentity({ dataDir: tmp.dir });
const ledger = new LedgerService(me, LedgerStore.open(`${tmp.dir}/ledger.db`, { selfId: me.agentId }));
const centralRadio = air.createController();
const central = new BleCentralService({
  nobleFactory: () => createSimNoble(centralRadio) as unknown as NobleLike,
  clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH, selfAgentId: me.agentId,
});
let engine: InferenceEngine;
const behave = new DeviceBehaviours(air, () => engine, () => centralRadio);
const devices = new Map<string, SimMeshDevice>();
let iphone: SimIphone;

// A provider that lies: it inflates the credits of its receipt and signs that.
const liar = new Identity(Buffer.alloc(32, 3));
const liarRadio = air.createController();
const forging: MeshTaskHandler = async (request) => {
  const honest = countersign(liar, request.intent, publicKeyFromHex(request.requester?.publicKey ?? ''), {
    cpuSeconds: 2, providerModelParamSize: 7, resultHash: resultDigest('forged answer'), completedAt: Date.now(),
  });
  const { providerSignature: _drop, ...body } = { ...honest, credits: honest.credits * 10 };
  const receipt = { ...body, providerSignature: liar.sign(encodeReceipt(body)).toString('hex') };
  return { ok: true, output: 'forged answer', cpuSeconds: 2, durationMs: 1, receipt };
};
const forger = new MeshPeripheralService({
  identity: liar.bleIdentity('sim-mesh'),
  capabilities: { model: 'qwen2.5-coder-7b', modelParamSize: 7, deviceType: 'laptop', currentLoad: 0, batteryPct: 100, memoryMB: 16000 },
  taskHandler: forging, bleno: () => createSimBleno(liarRadio), name: 'EdgeCoder forger', logger: memoryLogger(),
});

async function meshDevice(label: string, o: Partial<MeshDeviceOptions>): Promise<SimMeshDevice> {
  const d = await startMeshDevice(air, { label, taskHandler: behave.mesh(label, () => devices.get(label)!.controller), ...o });
  devices.set(label, d);
  return d;
}
const agent = (label: string): string => devices.get(label)!.agentId;
const name = (label: string): string => `EdgeCoder ${label}`;

/** Devices a test routes among, by label ('iphone' and 'forger' included). */
const among = (...labels: string[]) => (p: PeerRecord): boolean =>
  labels.some((l) => (l === 'iphone' ? p.profile === 'local' && p.localName === 'iPhone sim' : l === 'forger' ? p.agentId === liar.agentId : p.agentId === devices.get(l)?.agentId));

function untilPeers(pred: (peers: PeerRecord[]) => boolean, what: string, ms = 30_000): Promise<void> {
  return withDeadline(new Promise<void>((resolve) => {
    const check = (): void => {
      if (!pred(central.peers())) return;
      off();
      resolve();
    };
    const off = central.onPeerChange(check);
    check();
  }), { clock: systemClock, ms, operation: `waiting for ${what}` });
}
const identified = (p: PeerRecord): boolean => p.identifiedAt !== null && p.routable;

const executors = {
  mesh: meshPeerExecutor({ central, requester: { ledger, clock: systemClock, newId: randomUUID } }),
  'bluetooth-local': bluetoothLocalExecutor({ central }),
};
function routerFor(include: (p: PeerRecord) => boolean, o: { clock?: Clock; limits?: Partial<RequestRouterLimits>; searching?: boolean } = {}): RequestRouter {
  return new RequestRouter({
    rank: rankOver(central, include), executors, bluetoothSearching: () => o.searching ?? false,
    onCandidatesChanged: (l) => central.onPeerChange(l), clock: o.clock ?? systemClock, newId: randomUUID, limits: o.limits,
  });
}
const job = (over: Partial<CompletionJob> = {}): CompletionJob => ({ input: { prompt: 'uvw' }, maxTokens: 20, model: 'auto', source: 'local-api', timeoutMs: 60_000, ...over });
const transactions = () => ledger.store.pending(10_000).map((x) => x.tx);

beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
  await meshDevice('sim-laptop-7b', { deviceType: 'laptop', modelParamSize: 7, model: 'qwen2.5-coder-7b' }); // cost 10 (signal only)
  await meshDevice('sim-laptop-3b', { deviceType: 'laptop', modelParamSize: 3, model: 'qwen2.5-coder-3b' }); // cost 42
  await meshDevice('sim-phone', { deviceType: 'phone', modelParamSize: 1.5, model: 'qwen2.5-coder-1.5b', batteryPct: 100 }); // cost 54
  iphone = await startIphoneLocal(air, { name: 'iPhone sim', batteryPct: 90, handler: behave.iphone('iphone', () => iphone.controller) }); // cost 71
  await forger.start(); // cost 10
  await central.start();
  await central.setScanning(true);
  await untilPeers((ps) => ps.filter(identified).length >= 5, 'five identified devices');
}, 120_000);
afterAll(async () => {
  behave.reset();
  await central.stop();
  for (const d of devices.values()) await d.stop();
  await iphone?.stop();
  await forger.stop();
  await engine?.stop();
  ledger.store.close();
  air.close();
  tmp.cleanup();
});
beforeEach(() => behave.reset());

describe('request router over nearby devices (real noble/bleno, llama.cpp, SQLite)', () => {
  it('the cheapest device serves; the outcome names it with its terms, the log also names the runner-up', async () => {
    const router = routerFor(among('sim-laptop-7b', 'sim-laptop-3b'));
    const routed: string[] = [];
    router.onRouted((r) => routed.push(r.id));
    const tokens: string[] = [];
    const before = transactions().length;
    const out = await router.run(job({ onToken: (t) => tokens.push(t) }));
    expect(out).toMatchObject({ output: 'xyz', finishReason: 'stop', servedBy: { name: name('sim-laptop-7b'), kind: 'mesh' } });
    expect(out.terms).toEqual({ model: 0, load: 0, battery: 0, signal: 10, total: 10 });
    expect(tokens).toEqual(['xyz']);
    expect(out.attempts.map((a) => [a.name, a.outcome])).toEqual([[name('sim-laptop-7b'), 'served']]);
    const paid = transactions().slice(before);
    expect(paid.map((t) => t.providerId)).toEqual([agent('sim-laptop-7b')]);
    expect(out.credits).toBe(paid[0]!.credits);
    const [logged] = router.recent();
    expect(routed).toEqual([out.requestId]);
    expect(logged).toMatchObject({ id: out.requestId, ok: true, servedBy: { name: name('sim-laptop-7b') }, runnerUp: { name: name('sim-laptop-3b'), terms: { model: 32, total: 42 } }, completionTokens: out.completionTokens, credits: out.credits, error: null });
  }, 60_000);

  it('a link dropped mid-response: the next device answers, and only the device that served is paid', async () => {
    behave.set('sim-laptop-7b', 'drop');
    const before = transactions().length;
    const out = await routerFor(among('sim-laptop-7b', 'sim-laptop-3b')).run(job());
    expect(out.output).toBe('xyz');
    expect(out.attempts.map((a) => [a.name, a.outcome])).toEqual([[name('sim-laptop-7b'), 'link-lost'], [name('sim-laptop-3b'), 'served']]);
    const paid = transactions().slice(before);
    expect(paid.map((t) => t.providerId)).toEqual([agent('sim-laptop-3b')]);
    expect(out.credits).toBe(paid[0]!.credits);
    expect(out.servedBy.name).toBe(name('sim-laptop-3b'));
  }, 60_000);

  it('a forged receipt is refused: the next device answers, nothing is recorded for the forger', async () => {
    const before = transactions().length;
    const out = await routerFor(among('forger', 'sim-laptop-3b')).run(job());
    expect(out.output).toBe('xyz');
    expect(out.attempts.map((a) => [a.name, a.outcome])).toEqual([['EdgeCoder forger', 'refused'], [name('sim-laptop-3b'), 'served']]);
    expect(out.attempts[0]!.error).toMatch(/credits_mismatch/);
    expect(transactions().slice(before).map((t) => t.providerId)).toEqual([agent('sim-laptop-3b')]);
    expect(transactions().some((t) => t.providerId === liar.agentId)).toBe(false);
  }, 60_000);

  it('every attempt failing: NoDeviceError listing the three attempts (the fourth device is never tried), nothing paid', async () => {
    for (const l of ['sim-laptop-7b', 'sim-laptop-3b', 'sim-phone', 'iphone']) behave.set(l, 'fail');
    const before = transactions().length;
    const router = routerFor(among('sim-laptop-7b', 'sim-laptop-3b', 'sim-phone', 'iphone'));
    const err = await router.run(job()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoDeviceError);
    const attempts = (err as NoDeviceError).attempts;
    expect(attempts.map((a) => [a.name, a.outcome])).toEqual([[name('sim-laptop-7b'), 'failed'], [name('sim-laptop-3b'), 'failed'], [name('sim-phone'), 'failed']]);
    expect((err as Error).message).toMatch(/^No device could answer after 3 attempts: EdgeCoder sim-laptop-7b \(failed: .*out of memory/);
    expect(iphone.counters.requests).toBe(0);
    expect(transactions().length).toBe(before);
    expect(router.recent()[0]).toMatchObject({ ok: false, servedBy: null, error: (err as Error).message });
  }, 60_000);

  it('an iPhone in Bluetooth Local mode answers over its JSON profile, unpaid', async () => {
    const before = transactions().length;
    const out = await routerFor(among('iphone')).run(job());
    expect(out).toMatchObject({ output: 'xyz', credits: null, servedBy: { name: 'iPhone sim', kind: 'bluetooth-local' } });
    expect(out.terms).toEqual({ model: 56, load: 0, battery: 5, signal: 10, total: 71 });
    expect(transactions().length).toBe(before);
  }, 60_000);

  it('a named model routes only among devices serving it; an unknown one is UnknownModelError', async () => {
    const router = routerFor(among('sim-laptop-7b', 'sim-laptop-3b'));
    const out = await router.run(job({ model: 'qwen2.5-coder-3b' }));
    expect(out.servedBy.name).toBe(name('sim-laptop-3b'));
    expect(router.models()).toEqual([
      { id: 'auto', servedBy: [name('sim-laptop-7b'), name('sim-laptop-3b')] },
      { id: 'qwen2.5-coder-3b', servedBy: [name('sim-laptop-3b')] },
      { id: 'qwen2.5-coder-7b', servedBy: [name('sim-laptop-7b')] },
    ]);
    const err = await router.run(job({ model: 'gpt-9' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownModelError);
    expect((err as UnknownModelError).available).toEqual(['auto', 'qwen2.5-coder-3b', 'qwen2.5-coder-7b']);
  }, 60_000);

  it('a device that takes the task and never answers times out (per attempt); the next one answers', async () => {
    behave.set('sim-laptop-7b', 'hang');
    const clock = new ManualClock(Date.now());
    const hanging = behave.hanging('sim-laptop-7b');
    const before = transactions().length;
    const run = routerFor(among('sim-laptop-7b', 'sim-laptop-3b'), { clock, limits: { attemptTimeoutMs: 5_000 } }).run(job());
    await hanging;
    await clock.advance(5_000);
    const out = await run;
    expect(out.attempts.map((a) => [a.name, a.outcome])).toEqual([[name('sim-laptop-7b'), 'timeout'], [name('sim-laptop-3b'), 'served']]);
    expect(out.attempts[0]!.ms).toBe(5_000);
    expect(transactions().slice(before).map((t) => t.providerId)).toEqual([agent('sim-laptop-3b')]);
  }, 60_000);

  it('the overall deadline: RouteDeadlineError with the attempt in flight', async () => {
    behave.set('sim-laptop-7b', 'hang');
    const clock = new ManualClock(Date.now());
    const hanging = behave.hanging('sim-laptop-7b');
    const router = routerFor(among('sim-laptop-7b', 'sim-laptop-3b'), { clock });
    const run = router.run(job({ timeoutMs: 10_000 })).catch((e: unknown) => e);
    await hanging;
    await clock.advance(10_000);
    const err = await run;
    expect(err).toBeInstanceOf(RouteDeadlineError);
    expect((err as RouteDeadlineError).attempts.map((a) => [a.name, a.outcome])).toEqual([[name('sim-laptop-7b'), 'timeout']]);
    expect(router.recent()[0]).toMatchObject({ ok: false, latencyMs: 10_000, error: 'No device answered within 10 s.' });
    // Cut off by the request's deadline, the laptop was slow, not gone: the next request tries it first.
    behave.reset();
    const next = await router.run(job());
    expect(next.attempts.map((a) => [a.name, a.outcome])).toEqual([[name('sim-laptop-7b'), 'served']]);
  }, 60_000);

  it('a request made before any device is known waits, and is answered once the scan finds one', async () => {
    const router = routerFor((p) => p.localName === name('sim-late'), { searching: true, limits: { waitForCandidateMs: 30_000 } });
    expect(router.models()).toEqual([{ id: 'auto', servedBy: [] }]);
    const run = router.run(job());
    await meshDevice('sim-late', { deviceType: 'laptop', modelParamSize: 7 });
    const out = await run;
    expect(out).toMatchObject({ output: 'xyz', servedBy: { name: name('sim-late') } });
    expect(out.attempts).toHaveLength(1);
  }, 60_000);
});
