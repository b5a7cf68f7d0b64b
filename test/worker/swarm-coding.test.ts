/**
 * Coding subtasks through the swarm worker against the real reference coordinator: what the coordinator
 * holds for the task (GET /admin/tasks/<id>) is the run's ok/output/stderr plus the code, exit code,
 * iterations and CPU seconds. The first case runs real llama.cpp (the alphabet model, whose "code" is a
 * real NameError) in the real sandbox; the success paths script the engine and sandbox, since no
 * generated model writes working code yet.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { runCodingTask } from '../../src/main/coding/coding-loop.js';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { swarmActivityLine } from '../../src/main/worker/swarm-activity.js';
import type { CodingRunner } from '../../src/main/coding/coding-types.js';
import { runResult, ScriptedEngine, ScriptedSandbox } from '../coding/scripted.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { testSandbox } from '../sandbox/helpers.js';
import { adminTask, queueTasks, swarmRig, tempDir } from './swarm-fixture.js';
import type { SwarmRig } from './swarm-fixture.js';

const coordinators: RunningCoordinator[] = [];
const rigs: SwarmRig[] = [];
let llama: InferenceEngine;
const sandbox = testSandbox({ timeoutMs: 10_000 });
beforeAll(async () => {
  llama = testEngine({ modelPath: (await testModels()).tiny });
  await llama.start();
});
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.worker.stop();
  for (const c of coordinators.splice(0)) await c.close();
});
afterAll(async () => {
  await llama?.stop();
});

async function coordinator(): Promise<RunningCoordinator> {
  const c = await startCoordinator({ dataDir: tempDir('coord'), port: 0, verifyThreads: 0 });
  coordinators.push(c);
  return c;
}

const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\``;

describe('coding subtasks through the swarm worker and the reference coordinator', () => {
  it('on real llama.cpp and the real sandbox: the alphabet model\'s code fails for real, and the coordinator holds that run', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'real-py', kind: 'micro_loop', language: 'python', input: 'Print the alphabet.', timeoutMs: 90_000 }]);
    const r = swarmRig({ url: c.url, engine: llama, label: 'coding-real', coding: (task, opts) => runCodingTask({ engine: llama, sandbox, clock: systemClock, maxTokens: 64 }, task, opts) });
    rigs.push(r);
    const done = r.tasks(1);
    await r.worker.start();
    const [event] = await done;
    const task = await adminTask(c, 'real-py');
    expect(task).toMatchObject({
      state: 'done',
      result: { ok: false, output: '', answeredAs: 'coding_task', language: 'python', code: `${ALPHABET_OUTPUT}\n`, exitCode: 1, iterations: 2, reason: 'max_iterations' },
    });
    const result = task.result as { error: string; cpuSeconds: number };
    expect(result.error).toMatch(/NameError: name 'abcdefghijklmnopqrstuvwxyz' is not defined/);
    expect(result.cpuSeconds).toBeGreaterThan(0);
    expect(swarmActivityLine(event!).text).toMatch(/^Ran a Python task for the swarm: failed after 2 attempts \(max iterations\), \d+\.\d CPU-s: NameError: name 'abcdefghijklmnopqrstuvwxyz' is not defined\.$/);
  }, 120_000);

  it('a Python task fixed on the second try: the coordinator keeps the run\'s output, the code, exit code, iterations and CPU seconds', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'squares', kind: 'micro_loop', language: 'python', input: 'Print the sum of the squares of 1 to 10.', timeoutMs: 60_000 }]);
    const engine = new ScriptedEngine([
      { output: '1. sum 2. print', cpuSeconds: 0.2 },
      { output: fence('python', 'print(sum(i * i for i in range(1, 11))'), cpuSeconds: 0.4 },
      { output: fence('python', 'print(sum(i * i for i in range(1, 11)))'), cpuSeconds: 0.3 },
    ]);
    const scripted = new ScriptedSandbox([
      runResult({ exitCode: 1, stderr: "SyntaxError: '(' was never closed", cpuSeconds: 0.05 }),
      runResult({ exitCode: 0, stdout: '385\n', cpuSeconds: 0.05 }),
    ]);
    const r = swarmRig({ url: c.url, engine, label: 'coding-ok', coding: codingWith(engine, scripted) });
    rigs.push(r);
    const done = r.tasks(1);
    await r.worker.start();
    const [event] = await done;
    expect(event).toMatchObject({ subtaskId: 'squares', ok: true, report: 'accepted' });
    expect(await adminTask(c, 'squares')).toMatchObject({
      state: 'done',
      result: {
        ok: true, output: '385\n', answeredAs: 'coding_task', language: 'python',
        code: 'print(sum(i * i for i in range(1, 11)))\n', exitCode: 0, iterations: 2, cpuSeconds: 1,
      },
    });
    expect(((await adminTask(c, 'squares')).result as Record<string, unknown>).error).toBeUndefined();
    expect(swarmActivityLine(event!)).toEqual({ level: 'info', text: 'Ran a Python task for the swarm: ok after 2 attempts, 1.0 CPU-s.' });
    expect(scripted.requests[0]?.limits?.timeoutMs).toBeUndefined(); // 60 s of budget: the sandbox's own 10 s limit holds
  });

  it('a JavaScript task that needs what the sandbox lacks is reported failed with the reason, and the worker carries on', async () => {
    const c = await coordinator();
    await queueTasks(c, [
      { id: 'fetcher', kind: 'single_step', language: 'javascript', input: 'Fetch example.com and print its title.' },
      { id: 'after', kind: 'single_step', language: 'javascript', input: 'Print 42.' },
    ]);
    const engine = new ScriptedEngine([
      { output: 'plan' }, { output: fence('js', "const x = require('node-fetch');") },
      { output: 'plan' }, { output: fence('js', 'console.log(42)') },
    ]);
    const scripted = new ScriptedSandbox([
      runResult({ exitCode: 1, reason: 'outside_subset', missingModule: 'node-fetch', reasonText: 'needs module node-fetch, which the sandbox lacks', stderr: "Error: Cannot find module 'node-fetch'" }),
      runResult({ exitCode: 0, stdout: '42\n' }),
    ]);
    const r = swarmRig({ url: c.url, engine, label: 'coding-subset', coding: codingWith(engine, scripted) });
    rigs.push(r);
    const done = r.tasks(2);
    await r.worker.start();
    const [first, second] = await done;
    expect(await adminTask(c, 'fetcher')).toMatchObject({
      state: 'done',
      result: { ok: false, output: '', error: 'needs module node-fetch, which the sandbox lacks', reason: 'outside_subset', exitCode: 1, iterations: 1, language: 'javascript' },
    });
    expect(swarmActivityLine(first!)).toEqual({
      level: 'warn', text: 'Ran a JavaScript task for the swarm: failed after 1 attempt (outside subset), 1.3 CPU-s: needs module node-fetch, which the sandbox lacks.',
    });
    expect(second).toMatchObject({ subtaskId: 'after', ok: true, report: 'accepted' });
    expect(await adminTask(c, 'after')).toMatchObject({ result: { ok: true, output: '42\n' } });
  });

  it('a subtask in a language the sandbox does not run is answered as a completion on llama.cpp, and says so', async () => {
    const c = await coordinator();
    await queueTasks(c, [{ id: 'rusty', kind: 'micro_loop', language: 'rust', input: 'Write hello world:' }]);
    const scripted = new ScriptedSandbox([]);
    const r = swarmRig({ url: c.url, engine: llama, label: 'coding-rust', coding: codingWith(llama, scripted) });
    rigs.push(r);
    const done = r.tasks(1);
    await r.worker.start();
    const [event] = await done;
    const task = await adminTask(c, 'rusty');
    expect(task).toMatchObject({
      state: 'done',
      result: { ok: true, output: ALPHABET_OUTPUT, answeredAs: 'completion', note: 'the sandbox runs Python and JavaScript, not rust: answered as a completion, no code was run' },
    });
    expect((task.result as { cpuSeconds: number }).cpuSeconds).toBeGreaterThan(0); // measured by the inference host
    expect(scripted.requests).toHaveLength(0);
    expect(swarmActivityLine(event!)).toMatchObject({ level: 'info', text: expect.stringMatching(/^Ran swarm task rusty for the coordinator in/) as unknown });
  });
});

function codingWith(engine: ScriptedEngine | InferenceEngine, sandbox: ScriptedSandbox): CodingRunner {
  return (task, opts) => runCodingTask({ engine, sandbox, clock: systemClock }, task, opts);
}
