import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { LeaseExpiredError } from '../../src/main/coordinator-client/coordinator-errors.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { seedOf } from '../ledger/fixtures/ledger-fixtures.js';
import { adminTask, queueTasks, swarmRig, tempDir } from './swarm-fixture.js';
import { signRegistration } from '../../src/main/ledger/registration-proof.js';
import { registrationOf } from '../support/coordinator-access.js';
import type { SwarmRig } from './swarm-fixture.js';

const childEntry = fileURLToPath(new URL('./swarm-child.ts', import.meta.url));
let engine: InferenceEngine | undefined;
let coordinator: RunningCoordinator | undefined;
let child: ChildProcess | undefined;
let hostPid = 0;
let survivor: SwarmRig | undefined;
afterAll(async () => {
  child?.kill('SIGKILL');
  if (hostPid) {
    try {
      process.kill(hostPid, 'SIGKILL');
    } catch {
      // already gone (it exits when its parent does)
    }
  }
  await survivor?.worker.stop();
  await engine?.stop();
  await coordinator?.close();
});

describe('a worker killed mid-task', () => {
  it('loses its lease: the task is queued again, another worker does it once, the dead one would be refused', async () => {
    const models = await testModels();
    let now = Date.now();
    coordinator = await startCoordinator({ dataDir: tempDir('sigkill'), verifyThreads: 0, now: () => now, leaseGraceMs: 1_000 });
    await queueTasks(coordinator, [{ id: 'victim', input: '.', timeoutMs: 600_000 }]);
    child = spawn(process.execPath, ['--import', 'tsx', childEntry, coordinator.url, models.looping], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<string>((resolve, reject) => {
      let out = '';
      child?.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /started (\d+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child?.once('exit', (code) => reject(new Error(`the child worker exited early (${code})`)));
    });
    hostPid = Number(started);
    const dead = new Identity(seedOf('doomed'));
    expect(await adminTask(coordinator, 'victim')).toMatchObject({ state: 'assigned', agentId: dead.agentId, attempts: 1 });
    const exited = new Promise((resolve) => child?.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Until the lease runs out nobody else gets it; after it, the next worker does.
    engine = testEngine({ modelPath: models.tiny });
    await engine.start();
    survivor = swarmRig({ url: coordinator.url, engine, label: 'survivor' });
    await survivor.session.reregister(AbortSignal.timeout(10_000));
    expect((await survivor.client.pull(survivor.identity.agentId)).subtask).toBeNull();
    now += 600_000 + 1_000;
    const ran = survivor.tasks(1);
    await survivor.worker.start();
    expect((await ran)[0]).toMatchObject({ subtaskId: 'victim', report: 'accepted', ok: true });
    expect(await adminTask(coordinator, 'victim')).toMatchObject({ state: 'done', attempts: 2, agentId: survivor.identity.agentId, result: { output: ALPHABET_OUTPUT } });

    // The dead worker's key (as if it came back): it proves itself, and its late result is still refused.
    const ghost = new CoordinatorClient({ baseUrl: coordinator.url });
    await ghost.register(registrationOf(dead, { proof: signRegistration(dead, now) }));
    const late = await ghost.result({ subtaskId: 'victim', taskId: 'victim', agentId: dead.agentId, ok: true, output: 'zzz', durationMs: 1 }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(LeaseExpiredError);
    expect(await adminTask(coordinator, 'victim')).toMatchObject({ state: 'done', attempts: 2, result: { output: ALPHABET_OUTPUT } });
  }, 180_000); // two processes load llama.cpp on a shared machine
});
