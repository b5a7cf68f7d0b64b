/**
 * "Finish the running tasks, then stop" with the real pieces: the admission gate, the mode service, the
 * swarm worker as the app wires it (wireSwarm), real llama.cpp and the reference coordinator. The
 * results are counted where they land: at the coordinator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wireSwarm } from '../../src/main/app/swarm-wiring.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger, silentLogger } from '../../src/main/core/logger.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { CoordinatorSession } from '../../src/main/coordinator-client/coordinator-session.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { ModeService, type ModeState } from '../../src/main/modes/mode-service.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { AdmissionGate, type GateContext } from '../../src/main/worker/admission-gate.js';
import type { SwarmTaskEvent } from '../../src/main/worker/swarm-activity.js';
import type { SwarmEngine, SwarmStatus } from '../../src/main/worker/swarm-worker.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { seedOf } from '../ledger/fixtures/ledger-fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import { adminTask, mains, memorySettings, queueTasks, tempDir as swarmTemp } from './swarm-fixture.js';

let engine: InferenceEngine;
beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
});
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const readyContext: GateContext = {
  model: { name: 'alphabet-tiny', paramSize: 0.0001, state: 'ready', detail: '' },
  network: { state: 'online', detail: '', checkedAt: 1 },
  bluetooth: { state: 'idle', detail: '', droppedFrames: 0 },
};

describe('finish the running swarm tasks, then stop', () => {
  it('delivers both running results to the coordinator before the mode turns Off, and takes no third task', async () => {
    const coordinator = await startCoordinator({ dataDir: swarmTemp('drain-coord'), port: 0, verifyThreads: 0 });
    cleanups.push(() => coordinator.close());
    await queueTasks(coordinator, [{ id: 'drain-1', input: 'A:' }, { id: 'drain-2', input: 'B:' }, { id: 'drain-3', input: 'C:' }]);

    const { dir, cleanup } = tempDir('edgecoder-drain-');
    cleanups.push(cleanup);
    const clock = new ManualClock();
    const settings = openConfSettings(dir, memoryLogger(), () => clock.now());
    settings.update({ mode: 'on', worker: { maxConcurrentTasks: 2 } });
    const mode = new ModeService({ settings, clock, logger: silentLogger });
    const notes: string[] = [];
    const gate = new AdmissionGate({ mode, settings, power: SimulatedPowerSource.laptop(80), clock, context: readyContext });
    gate.onNote((_l, m) => notes.push(m));
    await gate.start();
    cleanups.push(() => gate.stop());

    // The real engine, held at the door until both tasks are running, so the drain starts with two.
    let go!: () => void;
    const door = new Promise<void>((resolve) => (go = resolve));
    const held: SwarmEngine = { run: async (input, options) => (await door, engine.run(input, options)) };

    const identity = new Identity(seedOf('drain'));
    const client = new CoordinatorClient({ baseUrl: coordinator.url, timeoutMs: 10_000 });
    const session = new CoordinatorSession({ client, identity, settings: memorySettings(), version: 'test', telemetry: () => mains(), activeModel: () => null, logger: silentLogger });
    const { worker, service } = wireSwarm({ client, session, engine: held, admission: gate, mode, clock, logger: silentLogger, onActivity: () => undefined });
    if (!worker) throw new Error('no worker');
    const events: SwarmTaskEvent[] = [];
    worker.on('task', (e) => events.push(e));
    const statusWhere = (pred: (s: SwarmStatus) => boolean): Promise<void> => new Promise((resolve) => {
      if (pred(worker.status)) return resolve();
      const on = (s: SwarmStatus): void => {
        if (pred(s)) resolve(void worker.off('status', on));
      };
      worker.on('status', on);
    });
    await service.start();
    cleanups.push(() => service.stop());
    await statusWhere((s) => s.running === 2);

    gate.finishThenStop();
    expect(mode.current.mode).toBe('on');
    expect(gate.status().reasons.map((r) => r.code)).toContain('draining');
    const off = new Promise<ModeState>((resolve) => mode.onChange(resolve));
    go();
    expect(await off).toMatchObject({ mode: 'off', cause: 'drained' });

    // By the time the mode is Off both results are at the coordinator, accepted, and nothing is in flight.
    for (const id of ['drain-1', 'drain-2']) {
      expect(await adminTask(coordinator, id)).toMatchObject({ id, state: 'done', attempts: 1, agentId: identity.agentId, result: { ok: true, output: ALPHABET_OUTPUT } });
    }
    expect(events.map((e) => [e.subtaskId, e.report]).sort()).toEqual([['drain-1', 'accepted'], ['drain-2', 'accepted']]);
    expect(worker.status).toMatchObject({ state: 'stopped', running: 0, tasksDone: 2, tasksFailed: 0 });
    expect(await adminTask(coordinator, 'drain-3')).toMatchObject({ state: 'queued', attempts: 0 });
    expect(notes).toContain('The running tasks have finished: the worker stopped (mode Off).');
  });
});
