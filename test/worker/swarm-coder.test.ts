/**
 * The swarm worker against the real reference coordinator with coding tasks the coder model can write:
 * real llama.cpp writes the code, the real sandbox runs it, and what the coordinator stores for each task
 * (GET /admin/tasks/<id>) is that run's: ok, its exact stdout, exit code 0 and the iterations it took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { runCodingTask } from '../../src/main/coding/coding-loop.js';
import { CODER_PROGRAMS, CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { swarmActivityLine } from '../../src/main/worker/swarm-activity.js';
import { testEngine } from '../inference/helpers.js';
import { testSandbox } from '../sandbox/helpers.js';
import { adminTask, queueTasks, swarmRig, tempDir } from './swarm-fixture.js';

let llama: InferenceEngine;
const sandbox = testSandbox({ timeoutMs: 10_000 });
beforeAll(async () => {
  llama = testEngine({ modelPath: (await ensureTestModel('coder')).path });
  await llama.start();
});
afterAll(async () => {
  await llama?.stop();
});

const lastProgram = (language: string, iterations: number, key: string): string => {
  const own = CODER_PROGRAMS.find((p) => p.key === key);
  const fix = CODER_PROGRAMS.find((p) => p.keyKind === 'error' && p.language === language);
  return `${(iterations === 1 ? own : fix)?.lines.join('\n') ?? ''}\n`;
};

describe('coding subtasks on the coder model through the swarm worker and the reference coordinator', () => {
  it('Python and JavaScript tasks, one of each fixed on the second iteration: the coordinator holds each run\'s output', async () => {
    const c = await startCoordinator({ dataDir: tempDir('coder-coord'), port: 0, verifyThreads: 0 });
    const r = swarmRig({ url: c.url, engine: llama, label: 'coder', coding: (task, opts) => runCodingTask({ engine: llama, sandbox, clock: systemClock }, task, opts) });
    try {
      await queueTasks(c, CODER_TASKS.map((t) => ({ id: t.id, kind: 'micro_loop', language: t.language, input: t.input, timeoutMs: 120_000 })));
      const done = r.tasks(CODER_TASKS.length);
      await r.worker.start();
      const events = await done;
      expect(events.map((e) => [e.subtaskId, e.ok, e.report])).toEqual(CODER_TASKS.map((t) => [t.id, true, 'accepted']));
      for (const t of CODER_TASKS) {
        const stored = await adminTask(c, t.id);
        expect(stored).toMatchObject({
          state: 'done',
          result: {
            ok: true, output: t.stdout, answeredAs: 'coding_task', language: t.language, exitCode: 0, iterations: t.iterations,
            code: lastProgram(t.language, t.iterations, t.input.split('\n').at(-1) ?? ''),
          },
        });
        expect((stored.result as { cpuSeconds: number }).cpuSeconds).toBeGreaterThan(0);
      }
      expect(swarmActivityLine(events[1]!).text).toMatch(/^Ran a Python task for the swarm: ok after 2 attempts, \d+\.\d CPU-s\.$/);
    } finally {
      await r.worker.stop();
      await c.close();
    }
  }, 300_000);
});
